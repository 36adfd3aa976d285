/* mbedtls for rtjs: the message digests, HMAC, PBKDF2 and HKDF behind
 * node:crypto's createHash, createHmac, pbkdf2 and hkdf; nothing else (no
 * ciphers, no entropy sources, no networking, no file I/O). Selected with
 * MBEDTLS_CONFIG_FILE. */
#ifndef RTJS_MBEDTLS_CONFIG_H
#define RTJS_MBEDTLS_CONFIG_H

#define MBEDTLS_MD_C
#define MBEDTLS_MD5_C
#define MBEDTLS_RIPEMD160_C
#define MBEDTLS_SHA1_C
#define MBEDTLS_SHA224_C
#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA384_C
#define MBEDTLS_SHA512_C
#define MBEDTLS_SHA3_C
#define MBEDTLS_PKCS5_C
#define MBEDTLS_HKDF_C

#endif
