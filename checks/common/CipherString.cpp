#include "checks/common/CipherString.h"

#include <algorithm>
#include <bitset>
#include <cctype>
#include <map>
#include <optional>

namespace attest::cipher {
namespace {

// Bit masks in the manner of OpenSSL's ssl_ciph.c (algorithm_mkey, _auth, _enc, _mac,
// algo_strength, min_tls).
enum : unsigned {
  kRSA = 1u << 0, kDHE = 1u << 1, kECDHE = 1u << 2, kPSK = 1u << 3, kRSAPSK = 1u << 4,
  kDHEPSK = 1u << 5, kECDHEPSK = 1u << 6, kSRP = 1u << 7,
};
enum : unsigned {
  aRSA = 1u << 0, aDSS = 1u << 1, aNULL = 1u << 2, aECDSA = 1u << 3, aPSK = 1u << 4, aSRP = 1u << 5,
};
enum : unsigned {
  eNULL = 1u << 0, eDES = 1u << 1, e3DES = 1u << 2, eRC4 = 1u << 3, eRC2 = 1u << 4, eIDEA = 1u << 5,
  eSEED = 1u << 6, eAES128 = 1u << 7, eAES256 = 1u << 8, eAES128GCM = 1u << 9, eAES256GCM = 1u << 10,
  eAES128CCM = 1u << 11, eAES256CCM = 1u << 12, eAES128CCM8 = 1u << 13, eAES256CCM8 = 1u << 14,
  eCAMELLIA128 = 1u << 15, eCAMELLIA256 = 1u << 16, eCHACHA20 = 1u << 17, eARIA128GCM = 1u << 18,
  eARIA256GCM = 1u << 19,
};
enum : unsigned { mMD5 = 1u << 0, mSHA1 = 1u << 1, mSHA256 = 1u << 2, mSHA384 = 1u << 3, mAEAD = 1u << 4 };
enum : unsigned { sEXPORT = 1u << 0, sLOW = 1u << 1, sMEDIUM = 1u << 2, sHIGH = 1u << 3, sNONE = 1u << 4 };
enum : unsigned { kSsl3 = 0x300, kTls1 = 0x301, kTls12 = 0x303 };

struct Suite {
  const char *name;
  unsigned kx, au, enc, mac, strength, version;
};

// OpenSSL 3.0's TLS <= 1.2 suites (`openssl ciphers -v 'ALL:COMPLEMENTOFALL:@SECLEVEL=0'`),
// then the weak suites of OpenSSL 1.0.2 / 1.1.1 (strengths as 1.1.1 classes them).
const Suite kSuites[] = {
    {"ECDHE-ECDSA-AES256-GCM-SHA384", kECDHE, aECDSA, eAES256GCM, mAEAD, sHIGH, kTls12},
    {"ECDHE-RSA-AES256-GCM-SHA384", kECDHE, aRSA, eAES256GCM, mAEAD, sHIGH, kTls12},
    {"DHE-DSS-AES256-GCM-SHA384", kDHE, aDSS, eAES256GCM, mAEAD, sHIGH, kTls12},
    {"DHE-RSA-AES256-GCM-SHA384", kDHE, aRSA, eAES256GCM, mAEAD, sHIGH, kTls12},
    {"ECDHE-ECDSA-CHACHA20-POLY1305", kECDHE, aECDSA, eCHACHA20, mAEAD, sHIGH, kTls12},
    {"ECDHE-RSA-CHACHA20-POLY1305", kECDHE, aRSA, eCHACHA20, mAEAD, sHIGH, kTls12},
    {"DHE-RSA-CHACHA20-POLY1305", kDHE, aRSA, eCHACHA20, mAEAD, sHIGH, kTls12},
    {"ECDHE-ECDSA-AES256-CCM8", kECDHE, aECDSA, eAES256CCM8, mAEAD, sHIGH, kTls12},
    {"ECDHE-ECDSA-AES256-CCM", kECDHE, aECDSA, eAES256CCM, mAEAD, sHIGH, kTls12},
    {"DHE-RSA-AES256-CCM8", kDHE, aRSA, eAES256CCM8, mAEAD, sHIGH, kTls12},
    {"DHE-RSA-AES256-CCM", kDHE, aRSA, eAES256CCM, mAEAD, sHIGH, kTls12},
    {"ECDHE-ECDSA-ARIA256-GCM-SHA384", kECDHE, aECDSA, eARIA256GCM, mAEAD, sHIGH, kTls12},
    {"ECDHE-ARIA256-GCM-SHA384", kECDHE, aRSA, eARIA256GCM, mAEAD, sHIGH, kTls12},
    {"DHE-DSS-ARIA256-GCM-SHA384", kDHE, aDSS, eARIA256GCM, mAEAD, sHIGH, kTls12},
    {"DHE-RSA-ARIA256-GCM-SHA384", kDHE, aRSA, eARIA256GCM, mAEAD, sHIGH, kTls12},
    {"ADH-AES256-GCM-SHA384", kDHE, aNULL, eAES256GCM, mAEAD, sHIGH, kTls12},
    {"ECDHE-ECDSA-AES128-GCM-SHA256", kECDHE, aECDSA, eAES128GCM, mAEAD, sHIGH, kTls12},
    {"ECDHE-RSA-AES128-GCM-SHA256", kECDHE, aRSA, eAES128GCM, mAEAD, sHIGH, kTls12},
    {"DHE-DSS-AES128-GCM-SHA256", kDHE, aDSS, eAES128GCM, mAEAD, sHIGH, kTls12},
    {"DHE-RSA-AES128-GCM-SHA256", kDHE, aRSA, eAES128GCM, mAEAD, sHIGH, kTls12},
    {"ECDHE-ECDSA-AES128-CCM8", kECDHE, aECDSA, eAES128CCM8, mAEAD, sHIGH, kTls12},
    {"ECDHE-ECDSA-AES128-CCM", kECDHE, aECDSA, eAES128CCM, mAEAD, sHIGH, kTls12},
    {"DHE-RSA-AES128-CCM8", kDHE, aRSA, eAES128CCM8, mAEAD, sHIGH, kTls12},
    {"DHE-RSA-AES128-CCM", kDHE, aRSA, eAES128CCM, mAEAD, sHIGH, kTls12},
    {"ECDHE-ECDSA-ARIA128-GCM-SHA256", kECDHE, aECDSA, eARIA128GCM, mAEAD, sHIGH, kTls12},
    {"ECDHE-ARIA128-GCM-SHA256", kECDHE, aRSA, eARIA128GCM, mAEAD, sHIGH, kTls12},
    {"DHE-DSS-ARIA128-GCM-SHA256", kDHE, aDSS, eARIA128GCM, mAEAD, sHIGH, kTls12},
    {"DHE-RSA-ARIA128-GCM-SHA256", kDHE, aRSA, eARIA128GCM, mAEAD, sHIGH, kTls12},
    {"ADH-AES128-GCM-SHA256", kDHE, aNULL, eAES128GCM, mAEAD, sHIGH, kTls12},
    {"ECDHE-ECDSA-AES256-SHA384", kECDHE, aECDSA, eAES256, mSHA384, sHIGH, kTls12},
    {"ECDHE-RSA-AES256-SHA384", kECDHE, aRSA, eAES256, mSHA384, sHIGH, kTls12},
    {"DHE-RSA-AES256-SHA256", kDHE, aRSA, eAES256, mSHA256, sHIGH, kTls12},
    {"DHE-DSS-AES256-SHA256", kDHE, aDSS, eAES256, mSHA256, sHIGH, kTls12},
    {"ECDHE-ECDSA-CAMELLIA256-SHA384", kECDHE, aECDSA, eCAMELLIA256, mSHA384, sHIGH, kTls12},
    {"ECDHE-RSA-CAMELLIA256-SHA384", kECDHE, aRSA, eCAMELLIA256, mSHA384, sHIGH, kTls12},
    {"DHE-RSA-CAMELLIA256-SHA256", kDHE, aRSA, eCAMELLIA256, mSHA256, sHIGH, kTls12},
    {"DHE-DSS-CAMELLIA256-SHA256", kDHE, aDSS, eCAMELLIA256, mSHA256, sHIGH, kTls12},
    {"ADH-AES256-SHA256", kDHE, aNULL, eAES256, mSHA256, sHIGH, kTls12},
    {"ADH-CAMELLIA256-SHA256", kDHE, aNULL, eCAMELLIA256, mSHA256, sHIGH, kTls12},
    {"ECDHE-ECDSA-AES128-SHA256", kECDHE, aECDSA, eAES128, mSHA256, sHIGH, kTls12},
    {"ECDHE-RSA-AES128-SHA256", kECDHE, aRSA, eAES128, mSHA256, sHIGH, kTls12},
    {"DHE-RSA-AES128-SHA256", kDHE, aRSA, eAES128, mSHA256, sHIGH, kTls12},
    {"DHE-DSS-AES128-SHA256", kDHE, aDSS, eAES128, mSHA256, sHIGH, kTls12},
    {"ECDHE-ECDSA-CAMELLIA128-SHA256", kECDHE, aECDSA, eCAMELLIA128, mSHA256, sHIGH, kTls12},
    {"ECDHE-RSA-CAMELLIA128-SHA256", kECDHE, aRSA, eCAMELLIA128, mSHA256, sHIGH, kTls12},
    {"DHE-RSA-CAMELLIA128-SHA256", kDHE, aRSA, eCAMELLIA128, mSHA256, sHIGH, kTls12},
    {"DHE-DSS-CAMELLIA128-SHA256", kDHE, aDSS, eCAMELLIA128, mSHA256, sHIGH, kTls12},
    {"ADH-AES128-SHA256", kDHE, aNULL, eAES128, mSHA256, sHIGH, kTls12},
    {"ADH-CAMELLIA128-SHA256", kDHE, aNULL, eCAMELLIA128, mSHA256, sHIGH, kTls12},
    {"ECDHE-ECDSA-AES256-SHA", kECDHE, aECDSA, eAES256, mSHA1, sHIGH, kTls1},
    {"ECDHE-RSA-AES256-SHA", kECDHE, aRSA, eAES256, mSHA1, sHIGH, kTls1},
    {"DHE-RSA-AES256-SHA", kDHE, aRSA, eAES256, mSHA1, sHIGH, kSsl3},
    {"DHE-DSS-AES256-SHA", kDHE, aDSS, eAES256, mSHA1, sHIGH, kSsl3},
    {"DHE-RSA-CAMELLIA256-SHA", kDHE, aRSA, eCAMELLIA256, mSHA1, sHIGH, kSsl3},
    {"DHE-DSS-CAMELLIA256-SHA", kDHE, aDSS, eCAMELLIA256, mSHA1, sHIGH, kSsl3},
    {"AECDH-AES256-SHA", kECDHE, aNULL, eAES256, mSHA1, sHIGH, kTls1},
    {"ADH-AES256-SHA", kDHE, aNULL, eAES256, mSHA1, sHIGH, kSsl3},
    {"ADH-CAMELLIA256-SHA", kDHE, aNULL, eCAMELLIA256, mSHA1, sHIGH, kSsl3},
    {"ECDHE-ECDSA-AES128-SHA", kECDHE, aECDSA, eAES128, mSHA1, sHIGH, kTls1},
    {"ECDHE-RSA-AES128-SHA", kECDHE, aRSA, eAES128, mSHA1, sHIGH, kTls1},
    {"DHE-RSA-AES128-SHA", kDHE, aRSA, eAES128, mSHA1, sHIGH, kSsl3},
    {"DHE-DSS-AES128-SHA", kDHE, aDSS, eAES128, mSHA1, sHIGH, kSsl3},
    {"DHE-RSA-CAMELLIA128-SHA", kDHE, aRSA, eCAMELLIA128, mSHA1, sHIGH, kSsl3},
    {"DHE-DSS-CAMELLIA128-SHA", kDHE, aDSS, eCAMELLIA128, mSHA1, sHIGH, kSsl3},
    {"AECDH-AES128-SHA", kECDHE, aNULL, eAES128, mSHA1, sHIGH, kTls1},
    {"ADH-AES128-SHA", kDHE, aNULL, eAES128, mSHA1, sHIGH, kSsl3},
    {"ADH-CAMELLIA128-SHA", kDHE, aNULL, eCAMELLIA128, mSHA1, sHIGH, kSsl3},
    {"RSA-PSK-AES256-GCM-SHA384", kRSAPSK, aRSA, eAES256GCM, mAEAD, sHIGH, kTls12},
    {"DHE-PSK-AES256-GCM-SHA384", kDHEPSK, aPSK, eAES256GCM, mAEAD, sHIGH, kTls12},
    {"RSA-PSK-CHACHA20-POLY1305", kRSAPSK, aRSA, eCHACHA20, mAEAD, sHIGH, kTls12},
    {"DHE-PSK-CHACHA20-POLY1305", kDHEPSK, aPSK, eCHACHA20, mAEAD, sHIGH, kTls12},
    {"ECDHE-PSK-CHACHA20-POLY1305", kECDHEPSK, aPSK, eCHACHA20, mAEAD, sHIGH, kTls12},
    {"DHE-PSK-AES256-CCM8", kDHEPSK, aPSK, eAES256CCM8, mAEAD, sHIGH, kTls12},
    {"DHE-PSK-AES256-CCM", kDHEPSK, aPSK, eAES256CCM, mAEAD, sHIGH, kTls12},
    {"RSA-PSK-ARIA256-GCM-SHA384", kRSAPSK, aRSA, eARIA256GCM, mAEAD, sHIGH, kTls12},
    {"DHE-PSK-ARIA256-GCM-SHA384", kDHEPSK, aPSK, eARIA256GCM, mAEAD, sHIGH, kTls12},
    {"AES256-GCM-SHA384", kRSA, aRSA, eAES256GCM, mAEAD, sHIGH, kTls12},
    {"AES256-CCM8", kRSA, aRSA, eAES256CCM8, mAEAD, sHIGH, kTls12},
    {"AES256-CCM", kRSA, aRSA, eAES256CCM, mAEAD, sHIGH, kTls12},
    {"ARIA256-GCM-SHA384", kRSA, aRSA, eARIA256GCM, mAEAD, sHIGH, kTls12},
    {"PSK-AES256-GCM-SHA384", kPSK, aPSK, eAES256GCM, mAEAD, sHIGH, kTls12},
    {"PSK-CHACHA20-POLY1305", kPSK, aPSK, eCHACHA20, mAEAD, sHIGH, kTls12},
    {"PSK-AES256-CCM8", kPSK, aPSK, eAES256CCM8, mAEAD, sHIGH, kTls12},
    {"PSK-AES256-CCM", kPSK, aPSK, eAES256CCM, mAEAD, sHIGH, kTls12},
    {"PSK-ARIA256-GCM-SHA384", kPSK, aPSK, eARIA256GCM, mAEAD, sHIGH, kTls12},
    {"RSA-PSK-AES128-GCM-SHA256", kRSAPSK, aRSA, eAES128GCM, mAEAD, sHIGH, kTls12},
    {"DHE-PSK-AES128-GCM-SHA256", kDHEPSK, aPSK, eAES128GCM, mAEAD, sHIGH, kTls12},
    {"DHE-PSK-AES128-CCM8", kDHEPSK, aPSK, eAES128CCM8, mAEAD, sHIGH, kTls12},
    {"DHE-PSK-AES128-CCM", kDHEPSK, aPSK, eAES128CCM, mAEAD, sHIGH, kTls12},
    {"RSA-PSK-ARIA128-GCM-SHA256", kRSAPSK, aRSA, eARIA128GCM, mAEAD, sHIGH, kTls12},
    {"DHE-PSK-ARIA128-GCM-SHA256", kDHEPSK, aPSK, eARIA128GCM, mAEAD, sHIGH, kTls12},
    {"AES128-GCM-SHA256", kRSA, aRSA, eAES128GCM, mAEAD, sHIGH, kTls12},
    {"AES128-CCM8", kRSA, aRSA, eAES128CCM8, mAEAD, sHIGH, kTls12},
    {"AES128-CCM", kRSA, aRSA, eAES128CCM, mAEAD, sHIGH, kTls12},
    {"ARIA128-GCM-SHA256", kRSA, aRSA, eARIA128GCM, mAEAD, sHIGH, kTls12},
    {"PSK-AES128-GCM-SHA256", kPSK, aPSK, eAES128GCM, mAEAD, sHIGH, kTls12},
    {"PSK-AES128-CCM8", kPSK, aPSK, eAES128CCM8, mAEAD, sHIGH, kTls12},
    {"PSK-AES128-CCM", kPSK, aPSK, eAES128CCM, mAEAD, sHIGH, kTls12},
    {"PSK-ARIA128-GCM-SHA256", kPSK, aPSK, eARIA128GCM, mAEAD, sHIGH, kTls12},
    {"AES256-SHA256", kRSA, aRSA, eAES256, mSHA256, sHIGH, kTls12},
    {"CAMELLIA256-SHA256", kRSA, aRSA, eCAMELLIA256, mSHA256, sHIGH, kTls12},
    {"AES128-SHA256", kRSA, aRSA, eAES128, mSHA256, sHIGH, kTls12},
    {"CAMELLIA128-SHA256", kRSA, aRSA, eCAMELLIA128, mSHA256, sHIGH, kTls12},
    {"ECDHE-PSK-AES256-CBC-SHA384", kECDHEPSK, aPSK, eAES256, mSHA384, sHIGH, kTls1},
    {"ECDHE-PSK-AES256-CBC-SHA", kECDHEPSK, aPSK, eAES256, mSHA1, sHIGH, kTls1},
    {"SRP-DSS-AES-256-CBC-SHA", kSRP, aDSS, eAES256, mSHA1, sHIGH, kSsl3},
    {"SRP-RSA-AES-256-CBC-SHA", kSRP, aRSA, eAES256, mSHA1, sHIGH, kSsl3},
    {"SRP-AES-256-CBC-SHA", kSRP, aSRP, eAES256, mSHA1, sHIGH, kSsl3},
    {"RSA-PSK-AES256-CBC-SHA384", kRSAPSK, aRSA, eAES256, mSHA384, sHIGH, kTls1},
    {"DHE-PSK-AES256-CBC-SHA384", kDHEPSK, aPSK, eAES256, mSHA384, sHIGH, kTls1},
    {"RSA-PSK-AES256-CBC-SHA", kRSAPSK, aRSA, eAES256, mSHA1, sHIGH, kSsl3},
    {"DHE-PSK-AES256-CBC-SHA", kDHEPSK, aPSK, eAES256, mSHA1, sHIGH, kSsl3},
    {"ECDHE-PSK-CAMELLIA256-SHA384", kECDHEPSK, aPSK, eCAMELLIA256, mSHA384, sHIGH, kTls1},
    {"RSA-PSK-CAMELLIA256-SHA384", kRSAPSK, aRSA, eCAMELLIA256, mSHA384, sHIGH, kTls1},
    {"DHE-PSK-CAMELLIA256-SHA384", kDHEPSK, aPSK, eCAMELLIA256, mSHA384, sHIGH, kTls1},
    {"AES256-SHA", kRSA, aRSA, eAES256, mSHA1, sHIGH, kSsl3},
    {"CAMELLIA256-SHA", kRSA, aRSA, eCAMELLIA256, mSHA1, sHIGH, kSsl3},
    {"PSK-AES256-CBC-SHA384", kPSK, aPSK, eAES256, mSHA384, sHIGH, kTls1},
    {"PSK-AES256-CBC-SHA", kPSK, aPSK, eAES256, mSHA1, sHIGH, kSsl3},
    {"PSK-CAMELLIA256-SHA384", kPSK, aPSK, eCAMELLIA256, mSHA384, sHIGH, kTls1},
    {"ECDHE-PSK-AES128-CBC-SHA256", kECDHEPSK, aPSK, eAES128, mSHA256, sHIGH, kTls1},
    {"ECDHE-PSK-AES128-CBC-SHA", kECDHEPSK, aPSK, eAES128, mSHA1, sHIGH, kTls1},
    {"SRP-DSS-AES-128-CBC-SHA", kSRP, aDSS, eAES128, mSHA1, sHIGH, kSsl3},
    {"SRP-RSA-AES-128-CBC-SHA", kSRP, aRSA, eAES128, mSHA1, sHIGH, kSsl3},
    {"SRP-AES-128-CBC-SHA", kSRP, aSRP, eAES128, mSHA1, sHIGH, kSsl3},
    {"RSA-PSK-AES128-CBC-SHA256", kRSAPSK, aRSA, eAES128, mSHA256, sHIGH, kTls1},
    {"DHE-PSK-AES128-CBC-SHA256", kDHEPSK, aPSK, eAES128, mSHA256, sHIGH, kTls1},
    {"RSA-PSK-AES128-CBC-SHA", kRSAPSK, aRSA, eAES128, mSHA1, sHIGH, kSsl3},
    {"DHE-PSK-AES128-CBC-SHA", kDHEPSK, aPSK, eAES128, mSHA1, sHIGH, kSsl3},
    {"ECDHE-PSK-CAMELLIA128-SHA256", kECDHEPSK, aPSK, eCAMELLIA128, mSHA256, sHIGH, kTls1},
    {"RSA-PSK-CAMELLIA128-SHA256", kRSAPSK, aRSA, eCAMELLIA128, mSHA256, sHIGH, kTls1},
    {"DHE-PSK-CAMELLIA128-SHA256", kDHEPSK, aPSK, eCAMELLIA128, mSHA256, sHIGH, kTls1},
    {"AES128-SHA", kRSA, aRSA, eAES128, mSHA1, sHIGH, kSsl3},
    {"CAMELLIA128-SHA", kRSA, aRSA, eCAMELLIA128, mSHA1, sHIGH, kSsl3},
    {"PSK-AES128-CBC-SHA256", kPSK, aPSK, eAES128, mSHA256, sHIGH, kTls1},
    {"PSK-AES128-CBC-SHA", kPSK, aPSK, eAES128, mSHA1, sHIGH, kSsl3},
    {"PSK-CAMELLIA128-SHA256", kPSK, aPSK, eCAMELLIA128, mSHA256, sHIGH, kTls1},
    {"ECDHE-ECDSA-NULL-SHA", kECDHE, aECDSA, eNULL, mSHA1, sNONE, kTls1},
    {"ECDHE-RSA-NULL-SHA", kECDHE, aRSA, eNULL, mSHA1, sNONE, kTls1},
    {"AECDH-NULL-SHA", kECDHE, aNULL, eNULL, mSHA1, sNONE, kTls1},
    {"NULL-SHA256", kRSA, aRSA, eNULL, mSHA256, sNONE, kTls12},
    {"ECDHE-PSK-NULL-SHA384", kECDHEPSK, aPSK, eNULL, mSHA384, sNONE, kTls1},
    {"ECDHE-PSK-NULL-SHA256", kECDHEPSK, aPSK, eNULL, mSHA256, sNONE, kTls1},
    {"ECDHE-PSK-NULL-SHA", kECDHEPSK, aPSK, eNULL, mSHA1, sNONE, kTls1},
    {"RSA-PSK-NULL-SHA384", kRSAPSK, aRSA, eNULL, mSHA384, sNONE, kTls1},
    {"RSA-PSK-NULL-SHA256", kRSAPSK, aRSA, eNULL, mSHA256, sNONE, kTls1},
    {"DHE-PSK-NULL-SHA384", kDHEPSK, aPSK, eNULL, mSHA384, sNONE, kTls1},
    {"DHE-PSK-NULL-SHA256", kDHEPSK, aPSK, eNULL, mSHA256, sNONE, kTls1},
    {"RSA-PSK-NULL-SHA", kRSAPSK, aRSA, eNULL, mSHA1, sNONE, kSsl3},
    {"DHE-PSK-NULL-SHA", kDHEPSK, aPSK, eNULL, mSHA1, sNONE, kSsl3},
    {"NULL-SHA", kRSA, aRSA, eNULL, mSHA1, sNONE, kSsl3},
    {"NULL-MD5", kRSA, aRSA, eNULL, mMD5, sNONE, kSsl3},
    {"PSK-NULL-SHA384", kPSK, aPSK, eNULL, mSHA384, sNONE, kTls1},
    {"PSK-NULL-SHA256", kPSK, aPSK, eNULL, mSHA256, sNONE, kTls1},
    {"PSK-NULL-SHA", kPSK, aPSK, eNULL, mSHA1, sNONE, kSsl3},
    // 3DES (MEDIUM since 1.0.2i / 1.1.0)
    {"DES-CBC3-SHA", kRSA, aRSA, e3DES, mSHA1, sMEDIUM, kSsl3},
    {"DHE-RSA-DES-CBC3-SHA", kDHE, aRSA, e3DES, mSHA1, sMEDIUM, kSsl3},
    {"DHE-DSS-DES-CBC3-SHA", kDHE, aDSS, e3DES, mSHA1, sMEDIUM, kSsl3},
    {"ADH-DES-CBC3-SHA", kDHE, aNULL, e3DES, mSHA1, sMEDIUM, kSsl3},
    {"ECDHE-RSA-DES-CBC3-SHA", kECDHE, aRSA, e3DES, mSHA1, sMEDIUM, kTls1},
    {"ECDHE-ECDSA-DES-CBC3-SHA", kECDHE, aECDSA, e3DES, mSHA1, sMEDIUM, kTls1},
    {"AECDH-DES-CBC3-SHA", kECDHE, aNULL, e3DES, mSHA1, sMEDIUM, kTls1},
    {"PSK-3DES-EDE-CBC-SHA", kPSK, aPSK, e3DES, mSHA1, sMEDIUM, kSsl3},
    {"SRP-3DES-EDE-CBC-SHA", kSRP, aSRP, e3DES, mSHA1, sMEDIUM, kSsl3},
    // RC4
    {"RC4-MD5", kRSA, aRSA, eRC4, mMD5, sMEDIUM, kSsl3},
    {"RC4-SHA", kRSA, aRSA, eRC4, mSHA1, sMEDIUM, kSsl3},
    {"ADH-RC4-MD5", kDHE, aNULL, eRC4, mMD5, sMEDIUM, kSsl3},
    {"ECDHE-RSA-RC4-SHA", kECDHE, aRSA, eRC4, mSHA1, sMEDIUM, kTls1},
    {"ECDHE-ECDSA-RC4-SHA", kECDHE, aECDSA, eRC4, mSHA1, sMEDIUM, kTls1},
    {"AECDH-RC4-SHA", kECDHE, aNULL, eRC4, mSHA1, sMEDIUM, kTls1},
    {"PSK-RC4-SHA", kPSK, aPSK, eRC4, mSHA1, sMEDIUM, kSsl3},
    // single DES (LOW, removed in 1.1.0)
    {"DES-CBC-SHA", kRSA, aRSA, eDES, mSHA1, sLOW, kSsl3},
    {"EDH-RSA-DES-CBC-SHA", kDHE, aRSA, eDES, mSHA1, sLOW, kSsl3},
    {"EDH-DSS-DES-CBC-SHA", kDHE, aDSS, eDES, mSHA1, sLOW, kSsl3},
    {"ADH-DES-CBC-SHA", kDHE, aNULL, eDES, mSHA1, sLOW, kSsl3},
    // EXPORT (removed in 1.1.0)
    {"EXP-RC4-MD5", kRSA, aRSA, eRC4, mMD5, sEXPORT, kSsl3},
    {"EXP-RC2-CBC-MD5", kRSA, aRSA, eRC2, mMD5, sEXPORT, kSsl3},
    {"EXP-DES-CBC-SHA", kRSA, aRSA, eDES, mSHA1, sEXPORT, kSsl3},
    {"EXP-EDH-RSA-DES-CBC-SHA", kDHE, aRSA, eDES, mSHA1, sEXPORT, kSsl3},
    {"EXP-EDH-DSS-DES-CBC-SHA", kDHE, aDSS, eDES, mSHA1, sEXPORT, kSsl3},
    {"EXP-ADH-DES-CBC-SHA", kDHE, aNULL, eDES, mSHA1, sEXPORT, kSsl3},
    {"EXP-ADH-RC4-MD5", kDHE, aNULL, eRC4, mMD5, sEXPORT, kSsl3},
    // IDEA and SEED (MEDIUM)
    {"IDEA-CBC-SHA", kRSA, aRSA, eIDEA, mSHA1, sMEDIUM, kSsl3},
    {"SEED-SHA", kRSA, aRSA, eSEED, mSHA1, sMEDIUM, kSsl3},
    {"DHE-RSA-SEED-SHA", kDHE, aRSA, eSEED, mSHA1, sMEDIUM, kSsl3},
    {"DHE-DSS-SEED-SHA", kDHE, aDSS, eSEED, mSHA1, sMEDIUM, kSsl3},
    {"ADH-SEED-SHA", kDHE, aNULL, eSEED, mSHA1, sMEDIUM, kSsl3},
};

constexpr size_t kCount = sizeof(kSuites) / sizeof(kSuites[0]);
using SuiteSet = std::bitset<kCount>;

// An alias selects the suites whose every given field intersects its mask (0: any),
// as in OpenSSL's cipher_aliases table.
struct Alias {
  const char *name;
  unsigned kx = 0, au = 0, enc = 0, mac = 0, strength = 0, version = 0;
};
constexpr unsigned kAll = ~0u;
const Alias kAliases[] = {
    {"ALL", 0, 0, kAll & ~eNULL},
    {"COMPLEMENTOFALL", 0, 0, eNULL},
    {"kRSA", kRSA}, {"RSA", kRSA},
    {"kEDH", kDHE}, {"kDHE", kDHE}, {"DH", kDHE},
    {"EDH", kDHE, kAll & ~aNULL}, {"DHE", kDHE, kAll & ~aNULL},
    {"kEECDH", kECDHE}, {"kECDHE", kECDHE}, {"ECDH", kECDHE},
    {"EECDH", kECDHE, kAll & ~aNULL}, {"ECDHE", kECDHE, kAll & ~aNULL},
    {"ADH", kDHE, aNULL}, {"AECDH", kECDHE, aNULL},
    {"kPSK", kPSK}, {"kRSAPSK", kRSAPSK}, {"kDHEPSK", kDHEPSK}, {"kECDHEPSK", kECDHEPSK},
    {"PSK", kPSK | kRSAPSK | kDHEPSK | kECDHEPSK},
    {"kSRP", kSRP}, {"SRP", kSRP},
    {"aRSA", 0, aRSA}, {"aDSS", 0, aDSS}, {"DSS", 0, aDSS}, {"aNULL", 0, aNULL},
    {"aECDSA", 0, aECDSA}, {"ECDSA", 0, aECDSA}, {"aPSK", 0, aPSK}, {"aSRP", 0, aSRP},
    {"eNULL", 0, 0, eNULL}, {"NULL", 0, 0, eNULL},
    {"DES", 0, 0, eDES}, {"3DES", 0, 0, e3DES}, {"RC4", 0, 0, eRC4}, {"RC2", 0, 0, eRC2},
    {"IDEA", 0, 0, eIDEA}, {"SEED", 0, 0, eSEED},
    {"AES128", 0, 0, eAES128 | eAES128GCM | eAES128CCM | eAES128CCM8},
    {"AES256", 0, 0, eAES256 | eAES256GCM | eAES256CCM | eAES256CCM8},
    {"AES", 0, 0, eAES128 | eAES128GCM | eAES128CCM | eAES128CCM8 | eAES256 | eAES256GCM | eAES256CCM | eAES256CCM8},
    {"AESGCM", 0, 0, eAES128GCM | eAES256GCM},
    {"AESCCM", 0, 0, eAES128CCM | eAES256CCM | eAES128CCM8 | eAES256CCM8},
    {"AESCCM8", 0, 0, eAES128CCM8 | eAES256CCM8},
    {"CAMELLIA128", 0, 0, eCAMELLIA128}, {"CAMELLIA256", 0, 0, eCAMELLIA256},
    {"CAMELLIA", 0, 0, eCAMELLIA128 | eCAMELLIA256},
    {"CHACHA20", 0, 0, eCHACHA20},
    {"ARIA128", 0, 0, eARIA128GCM}, {"ARIA256", 0, 0, eARIA256GCM},
    {"ARIA", 0, 0, eARIA128GCM | eARIA256GCM}, {"ARIAGCM", 0, 0, eARIA128GCM | eARIA256GCM},
    {"MD5", 0, 0, 0, mMD5}, {"SHA1", 0, 0, 0, mSHA1}, {"SHA", 0, 0, 0, mSHA1},
    {"SHA256", 0, 0, 0, mSHA256}, {"SHA384", 0, 0, 0, mSHA384},
    {"SSLv3", 0, 0, 0, 0, 0, kSsl3}, {"TLSv1", 0, 0, 0, 0, 0, kTls1},
    {"TLSv1.0", 0, 0, 0, 0, 0, kTls1}, {"TLSv1.2", 0, 0, 0, 0, 0, kTls12},
    {"EXP", 0, 0, 0, 0, sEXPORT}, {"EXPORT", 0, 0, 0, 0, sEXPORT},
    {"EXPORT40", 0, 0, 0, 0, sEXPORT}, {"EXPORT56", 0, 0, 0, 0, sEXPORT},
    {"LOW", 0, 0, 0, 0, sLOW}, {"MEDIUM", 0, 0, 0, 0, sMEDIUM}, {"HIGH", 0, 0, 0, 0, sHIGH},
    // Suite B: ECDHE-ECDSA with AES-GCM only.
    {"SUITEB128", kECDHE, aECDSA, eAES128GCM | eAES256GCM},
    {"SUITEB128ONLY", kECDHE, aECDSA, eAES128GCM},
    {"SUITEB128C2", kECDHE, aECDSA, eAES256GCM},
    {"SUITEB192", kECDHE, aECDSA, eAES256GCM},
};

// Names OpenSSL 1.0.2 used for suites 1.1.0 renamed.
const std::pair<const char *, const char *> kRenamed[] = {
    {"EDH-RSA-DES-CBC3-SHA", "DHE-RSA-DES-CBC3-SHA"},
    {"EDH-DSS-DES-CBC3-SHA", "DHE-DSS-DES-CBC3-SHA"},
};

bool matches(const Suite &s, const Alias &a) {
  return (!a.kx || (s.kx & a.kx)) && (!a.au || (s.au & a.au)) && (!a.enc || (s.enc & a.enc)) &&
         (!a.mac || (s.mac & a.mac)) && (!a.strength || (s.strength & a.strength)) &&
         (!a.version || s.version == a.version);
}

SuiteSet select(const Alias &alias) {
  SuiteSet set;
  for (size_t i = 0; i < kCount; ++i)
    if (matches(kSuites[i], alias)) set.set(i);
  return set;
}

// The library default: strong suites with authentication (OpenSSL's DEFAULT is
// ALL:!COMPLEMENTOFDEFAULT:!eNULL over what it still builds).
SuiteSet defaultSet() {
  Alias strong{"", 0, kAll & ~aNULL, 0, 0, sHIGH};
  return select(strong);
}

// One item without its operator: a suite name, an alias or aliases joined by '+'.
std::optional<SuiteSet> lookup(std::string_view item) {
  SuiteSet result;
  result.set();
  bool any = false;
  while (!item.empty()) {
    size_t plus = item.find('+');
    std::string_view part = item.substr(0, plus);
    item = plus == std::string_view::npos ? std::string_view() : item.substr(plus + 1);
    if (part.empty()) continue;
    std::optional<SuiteSet> set;
    for (const auto &[old, current] : kRenamed)
      if (part == old) part = current;
    for (size_t i = 0; i < kCount && !set; ++i)
      if (part == kSuites[i].name) set = SuiteSet().set(i);
    for (const Alias &alias : kAliases)
      if (!set && part == alias.name) set = select(alias);
    if (!set && (part == "DEFAULT" || part == "PROFILE=SYSTEM")) set = defaultSet();
    if (!set && part == "COMPLEMENTOFDEFAULT") set = select(Alias{"", 0, 0, kAll & ~eNULL}) & ~defaultSet();
    if (!set) return std::nullopt;
    result &= *set;
    any = true;
  }
  if (!any) return std::nullopt;
  return result;
}

std::vector<std::string_view> splitItems(std::string_view text, std::string_view separators) {
  std::vector<std::string_view> items;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || separators.find(text[i]) != std::string_view::npos) {
      if (i > start) items.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return items;
}

struct WeakTest {
  const char *name;
  bool severe;
  bool (*test)(const Suite &);
};
const WeakTest kWeakTests[] = {
    {"NULL encryption", true, [](const Suite &s) { return (s.enc & eNULL) != 0; }},
    {"anonymous (aNULL)", true, [](const Suite &s) { return (s.au & aNULL) != 0; }},
    {"EXPORT", true, [](const Suite &s) { return (s.strength & sEXPORT) != 0; }},
    {"RC4", false, [](const Suite &s) { return (s.enc & eRC4) != 0; }},
    {"DES", false, [](const Suite &s) { return (s.enc & eDES) != 0; }},
    {"3DES", false, [](const Suite &s) { return (s.enc & e3DES) != 0; }},
    {"MD5", false, [](const Suite &s) { return (s.mac & mMD5) != 0; }},
    {"LOW", false, [](const Suite &s) { return (s.strength & sLOW) != 0; }},
};
}  // namespace

OpenSslAnalysis analyzeOpenSslCipherList(std::string_view list) {
  SuiteSet active, killed;
  OpenSslAnalysis out;
  for (std::string_view item : splitItems(list, ": ,;")) {
    char op = item.front();
    if (op == '@') continue;  // @STRENGTH, @SECLEVEL=n: order and policy, not membership
    if (op == '!' || op == '-' || op == '+') item.remove_prefix(1);
    else op = 0;
    std::optional<SuiteSet> set = lookup(item);
    if (!set) {
      out.unknown.emplace_back(item);
      continue;
    }
    switch (op) {
    case '!': killed |= *set; active &= ~*set; break;
    case '-': active &= ~*set; break;
    case '+': break;  // moves suites already in the list to its end
    default: active |= *set & ~killed; break;
    }
  }
  for (size_t i = 0; i < kCount; ++i)
    if (active.test(i)) out.enabled.emplace_back(kSuites[i].name);
  for (const WeakTest &test : kWeakTests) {
    for (size_t i = 0; i < kCount; ++i) {
      if (active.test(i) && test.test(kSuites[i])) {
        out.weak.push_back({test.name, kSuites[i].name, test.severe});
        break;
      }
    }
  }
  return out;
}

GnuTlsAnalysis analyzeGnuTlsPriority(std::string_view priority) {
  struct Token {
    const char *name;
    const char *group;  // the *-ALL keyword that removes it
    const char *what;
    bool severe;
  };
  static const Token kWeak[] = {
      {"NULL", "CIPHER-ALL", "NULL encryption", true},
      {"ARCFOUR-40", "CIPHER-ALL", "EXPORT RC4 (ARCFOUR-40)", true},
      {"RC2-40", "CIPHER-ALL", "EXPORT RC2 (RC2-40)", true},
      {"ARCFOUR-128", "CIPHER-ALL", "RC4 (ARCFOUR-128)", false},
      {"ARCFOUR", "CIPHER-ALL", "RC4 (ARCFOUR)", false},
      {"DES-CBC", "CIPHER-ALL", "DES (DES-CBC)", false},
      {"3DES-CBC", "CIPHER-ALL", "3DES (3DES-CBC)", false},
      {"MD5", "MAC-ALL", "MD5 MAC", false},
      {"ANON-DH", "KX-ALL", "anonymous key exchange (ANON-DH)", true},
      {"ANON-ECDH", "KX-ALL", "anonymous key exchange (ANON-ECDH)", true},
      {"RSA-EXPORT", "KX-ALL", "EXPORT key exchange (RSA-EXPORT)", true},
  };
  static const std::pair<const char *, const char *> kVersions[] = {
      {"VERS-SSL3.0", "SSL 3.0"}, {"VERS-TLS1.0", "TLS 1.0"}, {"VERS-TLS1.1", "TLS 1.1"},
      {"VERS-DTLS1.0", "DTLS 1.0"}, {"VERS-DTLS0.9", "DTLS 0.9"}};
  std::vector<bool> weakOn(std::size(kWeak)), versionOn(std::size(kVersions));
  std::vector<std::string_view> items = splitItems(priority, ":");
  for (size_t n = 1; n < items.size(); ++n) {  // items[0] is the keyword: the library's policy
    std::string_view item = items[n];
    char op = item.front();
    if (op != '+' && op != '-' && op != '!') continue;  // %COMPAT and other flags
    item.remove_prefix(1);
    bool on = op == '+';
    for (size_t i = 0; i < std::size(kWeak); ++i)
      if (item == kWeak[i].name || (!on && item == kWeak[i].group)) weakOn[i] = on;
    for (size_t i = 0; i < std::size(kVersions); ++i) {
      bool all = item == "VERS-ALL" || (item == "VERS-TLS-ALL" && i >= 1 && i <= 2) ||
                 (item == "VERS-DTLS-ALL" && i >= 3);
      if (item == kVersions[i].first || (!on && all)) versionOn[i] = on;
    }
  }
  GnuTlsAnalysis out;
  for (size_t i = 0; i < std::size(kWeak); ++i)
    if (weakOn[i]) out.weak.push_back({kWeak[i].what, "", kWeak[i].severe});
  for (size_t i = 0; i < std::size(kVersions); ++i)
    if (versionOn[i]) out.obsoleteVersions.emplace_back(kVersions[i].second);
  return out;
}

std::string describe(const std::vector<WeakClass> &weak) {
  std::string names, examples;
  for (const WeakClass &w : weak) {
    names += (names.empty() ? "" : ", ") + w.name;
    if (!w.example.empty() && w.example != w.name && examples.find(w.example) == std::string::npos)
      examples += (examples.empty() ? "" : ", ") + w.example;
  }
  return examples.empty() ? names : names + " (e.g. " + examples + ")";
}

bool anySevere(const std::vector<WeakClass> &weak) {
  for (const WeakClass &w : weak)
    if (w.severe) return true;
  return false;
}

bool gnutlsAppendsToDefault(std::string_view function, std::optional<int64_t> flags) {
  if (function == "gnutls_set_default_priority_append") return true;
  return function == "gnutls_priority_init2" && flags && (*flags & 1);
}

}  // namespace attest::cipher
