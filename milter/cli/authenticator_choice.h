// authenticator_choice.h - which OriginalAuthenticator the command uses: none until the
// DKIM/S-MIME library is built in (milter/auth).
#pragma once

#include <memory>

#include "core/config.h"
#include "core/original_auth.h"

namespace sa::cli {

inline std::shared_ptr<const OriginalAuthenticator> make_authenticator(
    const std::shared_ptr<const Config>&) {
  return nullptr;
}

}  // namespace sa::cli
