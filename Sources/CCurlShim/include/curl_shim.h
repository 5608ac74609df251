#ifndef TWBROWSE_CURL_SHIM_H
#define TWBROWSE_CURL_SHIM_H

// One blocking HTTP(S) request through the system's libcurl, which is dlopen'ed on the first call only:
// linked, it and the ~27 libraries it pulls in (TLS, Kerberos, LDAP…) would load at every start of the
// program. Nothing here needs libcurl's headers; the few ABI numbers used are declared in curl_shim.c.

#include <stddef.h>

// How a transfer ended (twb_curl_result.outcome). Plain macros so Swift sees them as Int32 constants.
#define TWB_CURL_OK 0
#define TWB_CURL_TIMED_OUT 1
#define TWB_CURL_CANCELLED 2
#define TWB_CURL_TOO_LARGE 3
// libcurl could not be loaded (not installed, or too old to have a needed function).
#define TWB_CURL_UNAVAILABLE 4
// Anything else: curl_code and message say what.
#define TWB_CURL_FAILED 5

// A cancel flag another thread may raise while twb_curl_perform runs. Opaque because Swift cannot
// import an _Atomic field.
typedef struct twb_curl_cancel twb_curl_cancel;
twb_curl_cancel *twb_curl_cancel_new(void);
void twb_curl_cancel_raise(twb_curl_cancel *flag);
void twb_curl_cancel_free(twb_curl_cancel *flag);

typedef struct {
    const char *url;
    // "GET" or "POST".
    const char *method;
    // "Name: value" lines, NULL-terminated; may be NULL.
    const char *const *headers;
    // The POST body; may be NULL when body_length is 0.
    const void *body;
    size_t body_length;
    // The whole transfer, connecting included.
    long timeout_ms;
    size_t max_body_bytes;
    // A CA bundle to trust instead of the system's (tests); NULL for libcurl's default.
    const char *ca_file;
    // Non-zero: no proxy at all, whatever the environment says (loopback hosts).
    int direct;
    // May be NULL.
    twb_curl_cancel *cancel;
} twb_curl_request;

typedef struct {
    int outcome;
    // libcurl's CURLcode (0 when libcurl was never called).
    int curl_code;
    long status;
    // The raw header block of the last response only (status line first), not NUL-terminated.
    char *headers;
    size_t headers_length;
    unsigned char *body;
    size_t body_length;
    // A short NUL-terminated description of a failure; never contains request headers.
    char message[160];
} twb_curl_result;

// Blocks until the transfer ends; returns result->outcome. Call twb_curl_result_free afterwards, whatever
// the outcome. Safe to call from several threads at once.
int twb_curl_perform(const twb_curl_request *request, twb_curl_result *result);
void twb_curl_result_free(twb_curl_result *result);

// Loads libcurl if it is not loaded yet. Its version line ("libcurl/7.88.1 OpenSSL/3.0.11 …"), or NULL when
// it cannot be loaded; then twb_curl_load_error says why.
const char *twb_curl_version(void);
const char *twb_curl_load_error(void);

#endif
