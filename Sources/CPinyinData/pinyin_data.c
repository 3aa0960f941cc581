// Embeds Data/pinyin.txt with C23's #embed (clang), so the table is data in the binary's
// read-only section, searched in place, and Sources/ holds no generated code.
#include "pinyin_data.h"

#pragma clang diagnostic ignored "-Wc23-extensions"
static const unsigned char table[] = {
#embed "../../Data/pinyin.txt"
};

const unsigned char *lectern_pinyin_table(size_t *count) {
    *count = sizeof table;
    return table;
}
