// image_ocr.cc - Leptonica reads the header, then the pixels; Tesseract recognises them
// with an ETEXT_DESC deadline. Leptonica's and Tesseract's messages to stderr are silenced.
#include "printout/image_ocr.h"

#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>

#include <memory>
#include <mutex>

namespace sa {
namespace {

constexpr int kAssumedDpi = 150;  // screenshots carry no resolution; Tesseract wants one

struct Ocr {
  tesseract::TessBaseAPI api;
  bool ready = false;
  double init_millis = 0.0;

  Ocr() {
    const PrintoutTimer timer;
    ready = api.Init(nullptr, "jpn", tesseract::OEM_LSTM_ONLY) == 0;
    if (ready) {
      api.SetVariable("debug_file", "/dev/null");
      api.SetPageSegMode(tesseract::PSM_AUTO);
    }
    init_millis =
        ready
            ? std::chrono::duration<double, std::milli>(PrintoutClock::now() - timer.start).count()
            : -1.0;
  }
};

thread_local std::unique_ptr<Ocr> t_ocr;

Ocr& thread_ocr() {
  static std::once_flag quiet;
  std::call_once(quiet, [] { setMsgSeverity(L_SEVERITY_NONE); });
  if (!t_ocr) t_ocr = std::make_unique<Ocr>();
  return *t_ocr;
}

struct PixFree {
  void operator()(Pix* p) const { pixDestroy(&p); }
};

}  // namespace

double ocr_init_millis() { return t_ocr ? t_ocr->init_millis : 0.0; }

PrintoutReading read_image_text(std::string_view image, const PrintoutLimits& limits,
                                PrintoutClock::time_point deadline) {
  PrintoutTimer timer;
  PrintoutReading& out = timer.out;
  const auto done = [&](const char* problem) { return timer.done(problem); };
  if (image.size() > limits.max_image_bytes) return done("printout=image-too-large");
  Ocr& ocr = thread_ocr();
  if (!ocr.ready) return done("printout=ocr-unavailable");
  const auto* data = reinterpret_cast<const l_uint8*>(image.data());
  l_int32 format = 0, w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
  if (pixReadHeaderMem(data, image.size(), &format, &w, &h, &bps, &spp, &cmap) != 0 || w <= 0 ||
      h <= 0) {
    return done("printout=image-unreadable");
  }
  if (format != IFF_PNG && format != IFF_JFIF_JPEG) return done("printout=image-unreadable");
  if (static_cast<unsigned long long>(w) * static_cast<unsigned long long>(h) >
      limits.max_image_pixels) {
    return done("printout=image-too-large");
  }
  if (PrintoutClock::now() >= deadline) return done("printout=timeout");
  std::unique_ptr<Pix, PixFree> pix(pixReadMem(data, image.size()));
  if (!pix) return done("printout=image-unreadable");
  if (pixGetXRes(pix.get()) < 50) pixSetResolution(pix.get(), kAssumedDpi, kAssumedDpi);
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - PrintoutClock::now());
  if (left.count() <= 0) return done("printout=timeout");
  ocr.api.SetImage(pix.get());
  tesseract::ETEXT_DESC monitor;
  monitor.set_deadline_msecs(static_cast<int32_t>(left.count()));
  const bool recognised = ocr.api.Recognize(&monitor) == 0;
  const bool late = monitor.deadline_exceeded();
  if (recognised && !late) {
    std::unique_ptr<char[]> text(ocr.api.GetUTF8Text());
    if (text) out.text = text.get();
    out.pages = 1;
  }
  ocr.api.Clear();
  if (late) return done("printout=timeout");
  if (!recognised) return done("printout=image-unreadable");
  return done(nullptr);
}

}  // namespace sa
