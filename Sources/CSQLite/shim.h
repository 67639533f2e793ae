#ifndef CRMBOT_CSQLITE_SHIM_H
#define CRMBOT_CSQLITE_SHIM_H

#include <sqlite3.h>

/// SQLITE_TRANSIENT is a macro casting -1 to a function pointer, which Swift
/// cannot import; expose it through an inline function.
static inline sqlite3_destructor_type crmbot_sqlite_transient(void) {
    return SQLITE_TRANSIENT;
}

#endif
