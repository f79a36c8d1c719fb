#ifndef KIOSK_CLIBCRYPTO_SHIM_H
#define KIOSK_CLIBCRYPTO_SHIM_H
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/hmac.h>
#endif
