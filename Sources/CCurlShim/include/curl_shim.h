#ifndef TWBROWSE_CURL_SHIM_H
#define TWBROWSE_CURL_SHIM_H

// Every HTTP(S) request of the program goes through the system's libcurl, driven by one transfer thread that
// owns one libcurl multi handle: concurrent requests to an origin share its connections (HTTP/2 streams on
// one TLS connection where the server speaks h2), a cancelled transfer is dropped at once, and connections
// and the parsed CA store are kept for the next request.
//
// libcurl is dlopen'ed on first use: linked, it and the ~27 libraries it pulls in (TLS, Kerberos, LDAP…)
// would load at every start, before the first frame. Nothing here needs libcurl's headers; the few ABI
// numbers used are declared in curl_shim.c.

#include <stddef.h>

// How a transfer ended (twb_curl_result.outcome). Plain macros so Swift sees them as Int32 constants.
#define TWB_CURL_OK 0
#define TWB_CURL_TIMED_OUT 1
#define TWB_CURL_CANCELLED 2
#define TWB_CURL_TOO_LARGE 3
// libcurl could not be loaded (not installed, or too old to have a needed function).
#define TWB_CURL_UNAVAILABLE 4
// Anything else: curl_code, message and the TLS/proxy fields say what.
#define TWB_CURL_FAILED 5

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
    // A PEM bundle and/or a hashed certificate directory to trust instead of libcurl's default bundle or
    // directory; NULL keeps that default.
    const char *ca_file;
    const char *ca_path;
    // Non-zero: the default bundle or directory that is not named above is not used either.
    int only_named_store;
    // Non-zero: no proxy at all, whatever the environment says (loopback hosts).
    int direct;
    // A "HOST:PORT:ADDRESS[,ADDRESS]" line that settles HOST without asking the resolver; may be NULL.
    const char *resolve;
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
    // The TLS library's certificate verification result (OpenSSL's X509_V_ERR_* numbers; 0 = ok or unknown).
    long verify_result;
    // The status a proxy answered a CONNECT with (407 = it wants credentials); 0 without a proxy.
    long connect_code;
    // New connections this transfer had to open (0 when it reused one).
    long new_connections;
    // The HTTP version used: 11 for 1.1, 20 for 2, 0 when unknown.
    int http_version;
    // A short NUL-terminated description of a failure (libcurl's error buffer); never contains request
    // headers.
    char message[256];
} twb_curl_result;

// A transfer in flight. Opaque; reference counted between the caller and the transfer thread.
typedef struct twb_curl_transfer twb_curl_transfer;

// Called exactly once per started transfer: on the transfer thread, or on the caller's thread before
// twb_curl_start returns when the transfer cannot start at all. `result` and its buffers are valid only
// during the call: copy what you keep. Must not block.
typedef void (*twb_curl_done)(void *context, const twb_curl_result *result);

// Copies the request and hands it to the transfer thread (starting it, and loading libcurl, on first use).
// Returns the caller's reference, to pass to twb_curl_release once it no longer cancels; NULL only when
// memory ran out, and then `done` has already been called.
twb_curl_transfer *twb_curl_start(const twb_curl_request *request, twb_curl_done done, void *context);

// Drops the transfer at the transfer thread's next turn, which this wakes at once; `done` then reports
// TWB_CURL_CANCELLED unless the transfer had already ended. Any thread; idempotent.
void twb_curl_cancel(twb_curl_transfer *transfer);
void twb_curl_release(twb_curl_transfer *transfer);

// Loads libcurl and starts the transfer thread now, so the first request does not wait for them.
// Returns 1 when libcurl is ready.
int twb_curl_prepare(void);

// Loads libcurl if it is not loaded yet. Its version line ("libcurl/7.88.1 OpenSSL/3.0.11 …"), or NULL when
// it cannot be loaded; then twb_curl_load_error says why.
const char *twb_curl_version(void);
const char *twb_curl_load_error(void);

// Where libcurl looks for trusted CAs when none is given: its built-in bundle file and directory (either may
// be NULL). Loads libcurl.
const char *twb_curl_default_ca_file(void);
const char *twb_curl_default_ca_path(void);

#endif
