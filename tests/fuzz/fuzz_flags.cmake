# fuzz_flags.cmake - included by the top-level CMakeLists.txt: with SA_FUZZ=ON, requires clang
# and builds everything with libFuzzer coverage, ASan and UBSan (UB aborts, so the fuzzer
# sees it). -DSA_WERROR=ON makes warnings errors here as in the g++ builds (CI does).
if(NOT SA_FUZZ)
  return()
endif()
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "SA_FUZZ=ON needs clang: CC=clang CXX=clang++ cmake -DSA_FUZZ=ON ...")
endif()
if(NOT SA_BUILD_TESTS)
  message(FATAL_ERROR "SA_FUZZ=ON needs SA_BUILD_TESTS=ON (the targets live in tests/fuzz)")
endif()
add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
                    -fno-omit-frame-pointer)
add_link_options(-fsanitize=address,undefined)
