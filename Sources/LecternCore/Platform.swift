// Lectern runs on Linux only: the worker reads /proc/self/exe, the store writes with O_DIRECT,
// workers die with their parent through prctl. Package.swift claims no Apple platform.
#if !os(Linux)
    #error("Lectern builds and runs on Linux only (see docs/ARCHITECTURE.md)")
#endif
