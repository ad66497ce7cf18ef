// authenticator_choice.h - the OriginalAuthenticator the command uses: DKIM, S/MIME and
// trusted Authentication-Results from milter/auth, configured from the YAML.
#pragma once

#include <memory>

#include "auth/original_authenticator.h"
#include "core/config.h"

namespace sa::cli {

inline std::shared_ptr<const OriginalAuthenticator> make_authenticator(
    const std::shared_ptr<const Config>& config) {
  return make_original_authenticator(config);
}

}  // namespace sa::cli
