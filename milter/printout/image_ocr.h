// image_ocr.h - the text of a screenshot or photo (PNG, JPEG) with Tesseract's Japanese
// model (tesseract-ocr-jpn), bounded: the file's size, the pixel count read from the image
// header before anything is decoded (a decompression bomb declares its size there), and a
// deadline Tesseract itself checks while it recognises. One initialised Tesseract per
// thread that uses it (the milter's workers), kept for the thread's life.
#pragma once

#include <string_view>

#include "printout/printout_reading.h"

namespace sa {

// Never throws for bad input; problems name what was refused or cut.
PrintoutReading read_image_text(std::string_view image, const PrintoutLimits& limits,
                                PrintoutClock::time_point deadline);

// Milliseconds the calling thread spent initialising its Tesseract (0 before its first OCR;
// -1 when the Japanese model could not be loaded).
double ocr_init_millis();

}  // namespace sa
