#ifndef LECTERN_CPOPPLER_SHIM_H
#define LECTERN_CPOPPLER_SHIM_H

// poppler-glib: a PDF's text layer, page by page (read in the worker process only: a damaged
// PDF costs one file, like a damaged video).
#include <poppler.h>

#endif
