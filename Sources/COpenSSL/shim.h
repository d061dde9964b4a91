#ifndef VOUCH_COPENSSL_SHIM_H
#define VOUCH_COPENSSL_SHIM_H

/* Vouch uses only OpenSSL 3's current API: hide everything deprecated. */
#define OPENSSL_NO_DEPRECATED
#define OPENSSL_API_COMPAT 30000

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/cms.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/ec.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

/* Macros and inline helpers that Swift cannot import. */

static inline void vouch_OPENSSL_free(void *pointer) { OPENSSL_free(pointer); }

static inline long vouch_BIO_set_mem_eof_return(BIO *bio, int value) { return BIO_set_mem_eof_return(bio, value); }

static inline long vouch_BIO_get_mem_data(BIO *bio, char **data) { return BIO_get_mem_data(bio, data); }

static inline STACK_OF(X509_EXTENSION) *vouch_sk_X509_EXTENSION_new_null(void) {
    return sk_X509_EXTENSION_new_null();
}
static inline int vouch_sk_X509_EXTENSION_num(const STACK_OF(X509_EXTENSION) *stack) {
    return sk_X509_EXTENSION_num(stack);
}
static inline X509_EXTENSION *vouch_sk_X509_EXTENSION_value(const STACK_OF(X509_EXTENSION) *stack, int index) {
    return sk_X509_EXTENSION_value(stack, index);
}
static inline int vouch_sk_X509_EXTENSION_push(STACK_OF(X509_EXTENSION) *stack, X509_EXTENSION *extension) {
    return sk_X509_EXTENSION_push(stack, extension);
}
static inline void vouch_sk_X509_EXTENSION_pop_free(STACK_OF(X509_EXTENSION) *stack) {
    sk_X509_EXTENSION_pop_free(stack, X509_EXTENSION_free);
}

static inline GENERAL_NAMES *vouch_GENERAL_NAMES_new(void) { return sk_GENERAL_NAME_new_null(); }
static inline int vouch_sk_GENERAL_NAME_num(const GENERAL_NAMES *names) { return sk_GENERAL_NAME_num(names); }
static inline GENERAL_NAME *vouch_sk_GENERAL_NAME_value(const GENERAL_NAMES *names, int index) {
    return sk_GENERAL_NAME_value(names, index);
}
static inline int vouch_sk_GENERAL_NAME_push(GENERAL_NAMES *names, GENERAL_NAME *name) {
    return sk_GENERAL_NAME_push(names, name);
}

static inline STACK_OF(X509) *vouch_sk_X509_new_null(void) { return sk_X509_new_null(); }
static inline int vouch_sk_X509_push(STACK_OF(X509) *stack, X509 *certificate) {
    return sk_X509_push(stack, certificate);
}
static inline void vouch_sk_X509_free(STACK_OF(X509) *stack) { sk_X509_free(stack); }
static inline void vouch_sk_X509_pop_free(STACK_OF(X509) *stack) { sk_X509_pop_free(stack, X509_free); }
static inline int vouch_sk_X509_num(const STACK_OF(X509) *stack) { return sk_X509_num(stack); }
static inline X509 *vouch_sk_X509_value(const STACK_OF(X509) *stack, int index) { return sk_X509_value(stack, index); }

static inline int vouch_sk_X509_REVOKED_num(const STACK_OF(X509_REVOKED) *stack) {
    return sk_X509_REVOKED_num(stack);
}
static inline X509_REVOKED *vouch_sk_X509_REVOKED_value(const STACK_OF(X509_REVOKED) *stack, int index) {
    return sk_X509_REVOKED_value(stack, index);
}

static inline int vouch_GEN_type(const GENERAL_NAME *name) { return name->type; }
static inline ASN1_IA5STRING *vouch_GEN_ia5(const GENERAL_NAME *name) { return name->d.ia5; }

/* Root bundles: the EKU list of a certificate, and PKCS#12 safe bags. */
static inline int vouch_sk_ASN1_OBJECT_num(const STACK_OF(ASN1_OBJECT) *stack) { return sk_ASN1_OBJECT_num(stack); }
static inline ASN1_OBJECT *vouch_sk_ASN1_OBJECT_value(const STACK_OF(ASN1_OBJECT) *stack, int index) {
    return sk_ASN1_OBJECT_value(stack, index);
}
static inline STACK_OF(PKCS12_SAFEBAG) *vouch_sk_PKCS12_SAFEBAG_new_null(void) { return sk_PKCS12_SAFEBAG_new_null(); }
static inline int vouch_sk_PKCS12_SAFEBAG_push(STACK_OF(PKCS12_SAFEBAG) *stack, PKCS12_SAFEBAG *bag) {
    return sk_PKCS12_SAFEBAG_push(stack, bag);
}
static inline void vouch_sk_PKCS12_SAFEBAG_pop_free(STACK_OF(PKCS12_SAFEBAG) *stack) {
    sk_PKCS12_SAFEBAG_pop_free(stack, PKCS12_SAFEBAG_free);
}
static inline STACK_OF(PKCS7) *vouch_sk_PKCS7_new_null(void) { return sk_PKCS7_new_null(); }
static inline int vouch_sk_PKCS7_push(STACK_OF(PKCS7) *stack, PKCS7 *p7) { return sk_PKCS7_push(stack, p7); }
static inline void vouch_sk_PKCS7_pop_free(STACK_OF(PKCS7) *stack) { sk_PKCS7_pop_free(stack, PKCS7_free); }

#endif
