// privacy.cc - presentation of the 利用者番号 (mask, salted SHA-256, full, omit).
#include "core/privacy.h"

#include <glib.h>

namespace sa {

std::string present_user_number(const std::string& full, UserNumberPrivacy policy,
                                const std::string& salt) {
  if (full.empty()) return "";
  switch (policy) {
    case UserNumberPrivacy::Full:
      return full;
    case UserNumberPrivacy::Omit:
      return "";
    case UserNumberPrivacy::Hash: {
      const std::string input = salt + full;
      gchar* hex = g_compute_checksum_for_string(G_CHECKSUM_SHA256, input.c_str(),
                                                 static_cast<gssize>(input.size()));
      std::string out = "sha256:" + std::string(hex).substr(0, 16);
      g_free(hex);
      return out;
    }
    case UserNumberPrivacy::Mask:
      break;
  }
  const std::size_t shown = full.size() > 4 ? 4 : 0;
  return std::string(full.size() - shown, '*') + full.substr(full.size() - shown);
}

}  // namespace sa
