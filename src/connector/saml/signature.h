// XML-DSig verification of one element's enveloped signature with xmlsec1, against the configured
// certificates only: KeyInfo is never read, and only exclusive C14N, the enveloped transform and
// the usual RSA/ECDSA SHA-1/2 algorithms are enabled.
#pragma once

#include <libxml/tree.h>

#include <expected>
#include <string>
#include <vector>

#include "base/clock.h"

namespace dexcc::connector::saml {

// Verifies that `signature` (a ds:Signature that is a direct child of `element`) has exactly one
// Reference, to "#" + element's ID, and that it verifies with one of `cert_pems` valid at `now`.
// On success the signed bytes are exactly `element`'s subtree less the signature, so the caller
// reads its data from `element` itself. The element's ID is registered in the document's ID table
// for the verification and removed again.
std::expected<void, std::string> verify_enveloped(xmlDoc* doc, xmlNode* element, xmlNode* signature,
                                                  const std::vector<std::string>& cert_pems, base::Time now);

// Initialises xmlsec1 and its OpenSSL backend once per process (routing its errors to the debug
// log); false when that failed. Anything else in the process that uses xmlsec calls this first.
bool init_xmlsec();

// The un-namespaced ID attribute node of `element`, nullptr when absent.
xmlAttr* id_attribute(xmlNode* element);

}  // namespace dexcc::connector::saml
