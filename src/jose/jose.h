// The jose module: JSON Web Keys, JWS compact serialization and JWT claims, over OpenSSL 3 EVP.
//
// jose/ turns keys and bytes into signed tokens and back. It does no I/O, keeps no globals and
// depends only on base/, OpenSSL's libcrypto and nlohmann/json; the signer (key rotation), the
// token builder and the connectors sit on top of it. Every function reports failure as a
// jose::Error value and never throws.
//
//   Key          an RSA or EC (P-256, P-384) EVP_PKEY, reference-counted, immutable
//   Jwk          a Key with kid/alg/use: parse_jwk, parse_jwk_set, jwk_public_json, jwk_private_json
//   JwsSigner    a private key and algorithm ready to sign (RS256/ES256 for dex; all below work)
//   parse_compact, verify_signature, JwsVerifier
//                compact JWS in: RS256, RS384, RS512, PS256, ES256, ES384; never "none" or HMAC
//   parse_claims, check_claims        JWT payloads and exp/nbf/iat/iss/aud
//   jwk_thumbprint                    RFC 7638
//   oidc_token_hash                   at_hash / c_hash
//
// Wire details follow go-jose, which dex uses: protected header {"alg":...,"kid":...} without
// "typ"; JWK members in go-jose's order; EC coordinates padded to the curve size.
#pragma once

#include "jose/algorithm.h"
#include "jose/digest.h"
#include "jose/error.h"
#include "jose/jwk.h"
#include "jose/jws.h"
#include "jose/jws_signer.h"
#include "jose/jwt.h"
#include "jose/key.h"
#include "jose/thumbprint.h"
#include "jose/token_hash.h"
