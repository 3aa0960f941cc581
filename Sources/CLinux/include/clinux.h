#ifndef LECTERN_CLINUX_H
#define LECTERN_CLINUX_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

// Linux calls that Swift's Glibc module leaves out (glibc declares them only under
// _GNU_SOURCE). Each returns -1 and sets errno on failure, like the call it wraps.

/// copy_file_range(2) with explicit offsets and no flags.
ssize_t lectern_copy_file_range(int fd_in, int64_t *off_in, int fd_out, int64_t *off_out, size_t len);

/// sync_file_range(2) with SYNC_FILE_RANGE_WRITE: starts write-back of a range, does not wait.
int lectern_start_writeback(int fd, int64_t offset, int64_t length);

/// Turns O_DIRECT on or off for an open file (fcntl F_SETFL); 0 on success. A file system
/// that cannot write around the page cache refuses (EINVAL).
int lectern_set_direct(int fd, int on);

/// Keeps freed memory in the process instead of returning it to the kernel after every file
/// (glibc's mallopt, M_MMAP_THRESHOLD and M_TRIM_THRESHOLD; <malloc.h> is not imported).
void lectern_keep_freed_memory(int mmap_threshold, int trim_threshold);

/// Asks the kernel to kill this process when its parent dies (prctl PR_SET_PDEATHSIG,
/// SIGKILL; prctl is variadic and Swift cannot call it). 0 on success.
int lectern_die_with_parent(void);

#endif
