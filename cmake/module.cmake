# Helpers that declare one static library per source module and one test binary per module.

# Warnings apply to our own code only; third-party headers are included as SYSTEM.
# -Wno-restrict: g++ 12 reports false positives inside std::string at -O2 (GCC bug 105329).
set(DEXCC_WARNINGS -Wall -Wextra -Werror -Wno-missing-field-initializers -Wno-restrict)
set(DEXCC_SANITIZE_FLAGS -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
set(DEXCC_TSAN_FLAGS -fsanitize=thread -fno-omit-frame-pointer)
# TSan does not model std::atomic_thread_fence (GCC warns, -Wtsan). Asio's only fence wraps handler
# calls whose hand-over its scheduler already makes under a mutex, so the TSan build drops it.
set(DEXCC_TSAN_COMPILE_FLAGS ${DEXCC_TSAN_FLAGS} -DBOOST_ASIO_DISABLE_FENCED_BLOCK)

function(dexcc_apply_flags target)
  target_compile_options(${target} PRIVATE ${DEXCC_WARNINGS})
  if(DEXCC_SANITIZE)
    target_compile_options(${target} PRIVATE ${DEXCC_SANITIZE_FLAGS})
    target_link_options(${target} PRIVATE ${DEXCC_SANITIZE_FLAGS})
  elseif(DEXCC_TSAN)
    target_compile_options(${target} PRIVATE ${DEXCC_TSAN_COMPILE_FLAGS})
    target_link_options(${target} PRIVATE ${DEXCC_TSAN_FLAGS})
  endif()
endfunction()

# dexcc_module(name DEPS a b c): builds src/<name>/*.cc (not *_main.cc) into dexcc_<name>.
function(dexcc_module name)
  cmake_parse_arguments(M "" "" "DEPS;SOURCES_GLOB" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  list(FILTER srcs EXCLUDE REGEX "_main\\.cc$")
  add_library(dexcc_${name} STATIC ${srcs})
  target_include_directories(dexcc_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(dexcc_${name} PUBLIC ${M_DEPS})
  dexcc_apply_flags(dexcc_${name})
endfunction()

# dexcc_unit_tests(name DEPS ...): tests/unit/<name>/*.cc -> one gtest binary, tests discovered by CTest.
function(dexcc_unit_tests name)
  cmake_parse_arguments(T "" "" "DEPS" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  if(NOT srcs)
    return()
  endif()
  add_executable(unit_${name} ${srcs})
  target_link_libraries(unit_${name} PRIVATE ${T_DEPS} dexcc_test_support GTest::gtest_main GTest::gmock)
  dexcc_apply_flags(unit_${name})
  gtest_discover_tests(unit_${name} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS unit)
endfunction()
