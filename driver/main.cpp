#include "driver/Cli.h"
#include "llvm/Support/InitLLVM.h"

int main(int argc, const char **argv) {
  llvm::InitLLVM init(argc, argv);
  return attest::runCli(argc, argv);
}
