// xmlsec1 verification of one enveloped signature; the structure of SignedInfo is checked by hand
// first so that nothing xmlsec would resolve on its own (other URIs, more references) is allowed.
#include "connector/saml/signature.h"

#include <libxml/valid.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <xmlsec/crypto.h>
#include <xmlsec/errors.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmlsec.h>

#include <cstring>
#include <memory>
#include <mutex>

#include "base/log.h"
#include "connector/saml/xml_document.h"

namespace dexcc::connector::saml {
namespace {

constexpr char kExcC14n[] = "http://www.w3.org/2001/10/xml-exc-c14n#";
constexpr char kExcC14nComments[] = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments";
constexpr char kEnveloped[] = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

// xmlsec prints to stderr by default; its reasons are worth a debug line, not a stray write.
void xmlsec_error(const char* file, int line, const char* func, const char* object, const char* subject,
                  int reason, const char* msg) {
  (void)file, (void)line;
  if (!log::enabled(log::kDebug)) return;
  log::debug("xmlsec", {{"func", func ? func : ""},
                        {"object", object ? object : ""},
                        {"subject", subject ? subject : ""},
                        {"reason", reason},
                        {"msg", msg ? msg : ""}});
}

bool is_exc_c14n(const std::optional<std::string>& alg) {
  return alg && (*alg == kExcC14n || *alg == kExcC14nComments);
}

// The shape an IdP's signature has: one Reference to `uri`, exclusive C14N, enveloped transform.
std::string check_signed_info(xmlNode* signature, const std::string& uri) {
  auto signed_info = children(signature, kNsDsig, "SignedInfo");
  if (signed_info.size() != 1) return "the signature needs exactly one SignedInfo";
  auto c14n = children(signed_info[0], kNsDsig, "CanonicalizationMethod");
  if (c14n.size() != 1 || !is_exc_c14n(attribute(c14n[0], "Algorithm"))) {
    return "the signature's canonicalization is not exclusive C14N";
  }
  auto refs = children(signed_info[0], kNsDsig, "Reference");
  if (refs.size() != 1)
    return "the signature must hold exactly one Reference (it holds " + std::to_string(refs.size()) + ")";
  auto ref_uri = attribute(refs[0], "URI");
  if (!ref_uri || *ref_uri != uri)
    return "the signature's Reference URI \"" + ref_uri.value_or("") + "\" does not name the signed element";
  auto transforms = children(refs[0], kNsDsig, "Transforms");
  if (transforms.size() != 1) return "the signature's Reference has no Transforms";
  bool enveloped = false;
  for (xmlNode* c = transforms[0]->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (!is_element(c, kNsDsig, "Transform")) return "unexpected element in Transforms";
    auto alg = attribute(c, "Algorithm");
    if (alg && *alg == kEnveloped) {
      enveloped = true;
    } else if (!is_exc_c14n(alg)) {
      return "the signature uses the transform \"" + alg.value_or("") +
             "\" (only enveloped and exclusive C14N are accepted)";
    }
  }
  if (!enveloped) return "the signature is not enveloped";
  return "";
}

struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};

std::string check_validity(const std::string& pem, base::Time now) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())),
                                                BIO_free);
  std::unique_ptr<X509, X509Free> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert) return "a configured certificate cannot be read";
  time_t t = static_cast<time_t>(base::unix_seconds(now));
  if (X509_cmp_time(X509_get0_notBefore(cert.get()), &t) > 0)
    return "the configured certificate is not valid yet";
  if (X509_cmp_time(X509_get0_notAfter(cert.get()), &t) < 0) return "the configured certificate has expired";
  return "";
}

// One verification with one certificate: true when the signature verifies with it.
bool verify_with(xmlNode* signature, const std::string& pem, const std::string& uri) {
  xmlSecKeyPtr key = xmlSecCryptoAppKeyLoadMemory(reinterpret_cast<const xmlSecByte*>(pem.data()),
                                                  static_cast<xmlSecSize>(pem.size()),
                                                  xmlSecKeyDataFormatCertPem, nullptr, nullptr, nullptr);
  if (!key) return false;
  std::unique_ptr<xmlSecDSigCtx, decltype(&xmlSecDSigCtxDestroy)> ctx(xmlSecDSigCtxCreate(nullptr),
                                                                      xmlSecDSigCtxDestroy);
  if (!ctx) {
    xmlSecKeyDestroy(key);
    return false;
  }
  ctx->signKey = key;  // owned by the context from here; KeyInfo is not consulted when it is set
  ctx->enabledReferenceUris = xmlSecTransformUriTypeSameDocument;
  for (xmlSecTransformId id :
       {xmlSecTransformExclC14NId, xmlSecTransformExclC14NWithCommentsId, xmlSecTransformRsaSha1Id,
        xmlSecTransformRsaSha256Id, xmlSecTransformRsaSha384Id, xmlSecTransformRsaSha512Id,
        xmlSecTransformEcdsaSha256Id, xmlSecTransformEcdsaSha384Id, xmlSecTransformEcdsaSha512Id}) {
    if (xmlSecDSigCtxEnableSignatureTransform(ctx.get(), id) < 0) return false;
  }
  for (xmlSecTransformId id :
       {xmlSecTransformEnvelopedId, xmlSecTransformExclC14NId, xmlSecTransformExclC14NWithCommentsId,
        xmlSecTransformSha1Id, xmlSecTransformSha256Id, xmlSecTransformSha384Id, xmlSecTransformSha512Id}) {
    if (xmlSecDSigCtxEnableReferenceTransform(ctx.get(), id) < 0) return false;
  }
  if (xmlSecDSigCtxVerify(ctx.get(), signature) < 0) return false;
  if (ctx->status != xmlSecDSigStatusSucceeded) return false;
  // What xmlsec actually digested must be the one reference checked above.
  if (xmlSecPtrListGetSize(&ctx->signedInfoReferences) != 1) return false;
  auto* ref = static_cast<xmlSecDSigReferenceCtxPtr>(xmlSecPtrListGetItem(&ctx->signedInfoReferences, 0));
  return ref && ref->status == xmlSecDSigStatusSucceeded && ref->uri &&
         uri == reinterpret_cast<const char*>(ref->uri);
}

}  // namespace

bool init_xmlsec() {
  static bool ok = [] {
    xmlInitParser();
    if (xmlSecInit() < 0) return false;
    if (xmlSecCheckVersion() != 1) return false;
    if (xmlSecCryptoAppInit(nullptr) < 0) return false;
    if (xmlSecCryptoInit() < 0) return false;
    xmlSecErrorsSetCallback(xmlsec_error);
    return true;
  }();
  return ok;
}

xmlAttr* id_attribute(xmlNode* element) {
  for (xmlAttr* a = element->properties; a; a = a->next) {
    if (a->ns == nullptr && std::strcmp(reinterpret_cast<const char*>(a->name), "ID") == 0) return a;
  }
  return nullptr;
}

std::expected<void, std::string> verify_enveloped(xmlDoc* doc, xmlNode* element, xmlNode* signature,
                                                  const std::vector<std::string>& cert_pems, base::Time now) {
  if (!init_xmlsec()) return std::unexpected("xmlsec could not be initialised");
  if (signature->parent != element)
    return std::unexpected("the signature is not enveloped in the signed element");
  xmlAttr* id_attr = id_attribute(element);
  auto id = attribute(element, "ID");
  if (!id_attr || !id || id->empty()) return std::unexpected("the signed element has no ID");
  std::string uri = "#" + *id;
  if (auto e = check_signed_info(signature, uri); !e.empty()) return std::unexpected(e);

  // Only this element's ID is known to the document, so "#id" can resolve to nothing else.
  if (xmlGetID(doc, reinterpret_cast<const xmlChar*>(id->c_str())) != nullptr) {
    return std::unexpected("the ID \"" + *id + "\" is registered twice");
  }
  if (!xmlAddID(nullptr, doc, reinterpret_cast<const xmlChar*>(id->c_str()), id_attr)) {
    return std::unexpected("the ID \"" + *id + "\" cannot be registered");
  }
  std::string why = "the signature does not verify with the configured certificate";
  bool ok = false;
  for (const auto& pem : cert_pems) {
    if (auto e = check_validity(pem, now); !e.empty()) {
      why = e;
      continue;
    }
    if (verify_with(signature, pem, uri)) {
      ok = true;
      break;
    }
  }
  xmlRemoveID(doc, id_attr);
  if (!ok) return std::unexpected(why);
  return {};
}

}  // namespace dexcc::connector::saml
