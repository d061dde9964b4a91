#ifndef VOUCH_CCMARK_SHIM_H
#define VOUCH_CCMARK_SHIM_H
#include <cmark.h>
#endif
