// asio.h - the one include of Boost.Asio for the test client (the core and the daemon never
// include Asio). <utility> comes first: Boost 1.74's awaitable.hpp uses std::exchange
// without including it, which fails under C++20.
#pragma once

// clang-format off
#include <utility>
#include <boost/asio.hpp>
// clang-format on
