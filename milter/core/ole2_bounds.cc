// ole2_bounds.cc - the MS-CFB header, the FAT sectors it lists (header DIFAT and DIFAT
// chain) and the directory's sector chain, each bounded and checked for cycles.
#include "core/ole2_bounds.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "core/mapi_values.h"

namespace sa {
namespace {

constexpr unsigned char kSignature[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
constexpr std::size_t kHeaderBytes = 512;
constexpr std::size_t kHeaderDifatEntries = 109;
constexpr std::uint32_t kEndOfChain = 0xFFFFFFFE;
constexpr std::size_t kDirectoryEntryBytes = 128;

struct Layout {
  std::string_view bytes;
  std::size_t sector_bytes = 0;
  std::size_t first_sector_at = 0;  // the header fills the first sector
  std::size_t sectors = 0;          // whole sectors after the header
  std::vector<std::uint32_t> fat_sectors;

  std::uint32_t sector_word(std::uint32_t sector, std::size_t index) const {
    return le32(bytes, first_sector_at + sector * sector_bytes + index * 4);
  }
  // The FAT entry of `sector` into `out`; false when the FAT does not reach it.
  bool next(std::uint32_t sector, std::uint32_t& out) const {
    const std::size_t per_sector = sector_bytes / 4;
    const std::size_t index = sector / per_sector;
    if (index >= fat_sectors.size() || fat_sectors[index] >= sectors) return false;
    out = sector_word(fat_sectors[index], sector % per_sector);
    return true;
  }
};

// The FAT sector numbers: the header's 109, then those of the DIFAT chain.
bool read_fat_sectors(Layout& l, std::uint32_t count, std::uint32_t difat_start,
                      std::uint32_t difat_count) {
  if (count == 0 || count > l.sectors) return false;
  l.fat_sectors.reserve(count);
  for (std::size_t i = 0; i < kHeaderDifatEntries && l.fat_sectors.size() < count; ++i) {
    l.fat_sectors.push_back(le32(l.bytes, 0x4C + i * 4));
  }
  const std::size_t per_sector = l.sector_bytes / 4 - 1;
  std::uint32_t sector = difat_start;
  for (std::uint32_t k = 0; k < difat_count && l.fat_sectors.size() < count; ++k) {
    if (sector >= l.sectors) return false;
    for (std::size_t i = 0; i < per_sector && l.fat_sectors.size() < count; ++i) {
      l.fat_sectors.push_back(l.sector_word(sector, i));
    }
    sector = l.sector_word(sector, per_sector);
  }
  return l.fat_sectors.size() == count;
}

}  // namespace

Ole2Check check_ole2(std::string_view bytes, std::size_t max_entries) {
  if (bytes.size() < sizeof kSignature || std::memcmp(bytes.data(), kSignature, 8) != 0) {
    return Ole2Check::NotOle2;
  }
  if (bytes.size() < kHeaderBytes) return Ole2Check::Damaged;
  const std::uint16_t sector_shift = le16(bytes, 0x1E);
  const std::uint16_t mini_shift = le16(bytes, 0x20);
  if ((sector_shift != 9 && sector_shift != 12) || mini_shift != 6) return Ole2Check::Damaged;
  Layout l;
  l.bytes = bytes;
  l.sector_bytes = std::size_t{1} << sector_shift;
  l.first_sector_at = std::max(kHeaderBytes, l.sector_bytes);
  if (bytes.size() <= l.first_sector_at) return Ole2Check::Damaged;
  l.sectors = (bytes.size() - l.first_sector_at) / l.sector_bytes;
  if (!read_fat_sectors(l, le32(bytes, 0x2C), le32(bytes, 0x44), le32(bytes, 0x48))) {
    return Ole2Check::Damaged;
  }
  const std::size_t max_sectors =
      (max_entries * kDirectoryEntryBytes + l.sector_bytes - 1) / l.sector_bytes;
  std::vector<bool> seen(l.sectors, false);
  std::size_t length = 0;
  for (std::uint32_t sector = le32(bytes, 0x30); sector != kEndOfChain;) {
    if (sector >= l.sectors || seen[sector]) return Ole2Check::Damaged;
    if (++length > max_sectors) return Ole2Check::TooManyEntries;
    seen[sector] = true;
    if (!l.next(sector, sector)) return Ole2Check::Damaged;
  }
  return length == 0 ? Ole2Check::Damaged : Ole2Check::Ok;
}

}  // namespace sa
