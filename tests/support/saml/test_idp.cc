// Test IdP: key generation with OpenSSL, Response text from a spec, signing with xmlsec1.
#include "support/saml/test_idp.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/valid.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <xmlsec/crypto.h>
#include <xmlsec/templates.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmlsec.h>

#include <cstdlib>
#include <cstring>
#include <ctime>
#include <stdexcept>

#include "base/base64.h"
#include "connector/saml/signature.h"

namespace dexcc::testing {
namespace {

std::string pem_of(BIO* bio) {
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(n));
}

std::string utc(long offset_s) {
  std::time_t t = std::time(nullptr) + offset_s;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string esc(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '"')
      out += "&quot;";
    else
      out += c;
  }
  return out;
}

xmlNode* find_by_id(xmlNode* node, const std::string& id) {
  for (; node; node = node->next) {
    if (node->type != XML_ELEMENT_NODE) continue;
    xmlChar* v = xmlGetProp(node, reinterpret_cast<const xmlChar*>("ID"));
    bool match = v && id == reinterpret_cast<const char*>(v);
    xmlFree(v);
    if (match) return node;
    if (xmlNode* found = find_by_id(node->children, id)) return found;
  }
  return nullptr;
}

[[noreturn]] void die(const char* what) {
  std::fprintf(stderr, "test IdP: %s\n", what);
  std::abort();
}

}  // namespace

IdpKey make_idp_key(const std::string& common_name, long valid_from_s, long valid_to_s) {
  EVP_PKEY* pkey = EVP_RSA_gen(2048);
  if (!pkey) die("RSA key generation failed");
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), static_cast<long>(std::time(nullptr)));
  X509_gmtime_adj(X509_getm_notBefore(cert), valid_from_s);
  X509_gmtime_adj(X509_getm_notAfter(cert), valid_to_s);
  X509_set_pubkey(cert, pkey);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  if (!X509_sign(cert, pkey, EVP_sha256())) die("certificate signing failed");
  IdpKey out;
  BIO* b = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(b, cert);
  out.cert_pem = pem_of(b);
  BIO_free(b);
  b = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(b, pkey, nullptr, nullptr, 0, nullptr, nullptr);
  out.key_pem = pem_of(b);
  BIO_free(b);
  X509_free(cert);
  EVP_PKEY_free(pkey);
  return out;
}

std::string saml_assertion_xml(const SamlResponseSpec& s) {
  std::string nb = utc(s.not_before_s), na = utc(s.not_on_or_after_s);
  std::string x = "<saml:Assertion xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"" +
                  esc(s.assertion_id) + "\" Version=\"2.0\" IssueInstant=\"" + utc(0) + "\">";
  x += "<saml:Issuer>" + esc(s.issuer) + "</saml:Issuer>";
  x += "<saml:Subject><saml:NameID Format=\"urn:oasis:names:tc:SAML:2.0:nameid-format:persistent\">" +
       esc(s.name_id) + "</saml:NameID>";
  x += "<saml:SubjectConfirmation Method=\"" + esc(s.method) +
       "\"><saml:SubjectConfirmationData InResponseTo=\"" + esc(s.in_response_to) + "\" NotOnOrAfter=\"" +
       na + "\"" + (s.recipient.empty() ? "" : " Recipient=\"" + esc(s.recipient) + "\"") +
       "/></saml:SubjectConfirmation></saml:Subject>";
  x += "<saml:Conditions NotBefore=\"" + nb + "\" NotOnOrAfter=\"" + na + "\">";
  if (!s.audience.empty())
    x += "<saml:AudienceRestriction><saml:Audience>" + esc(s.audience) +
         "</saml:Audience></saml:AudienceRestriction>";
  x += "</saml:Conditions>";
  x += "<saml:AuthnStatement AuthnInstant=\"" + utc(0) +
       "\"><saml:AuthnContext><saml:AuthnContextClassRef>"
       "urn:oasis:names:tc:SAML:2.0:ac:classes:Password</saml:AuthnContextClassRef></saml:AuthnContext></"
       "saml:AuthnStatement>";
  if (!s.attributes.empty()) {
    x += "<saml:AttributeStatement>";
    for (const auto& [name, values] : s.attributes) {
      x += "<saml:Attribute Name=\"" + esc(name) + "\">";
      for (const auto& v : values) x += "<saml:AttributeValue>" + esc(v) + "</saml:AttributeValue>";
      x += "</saml:Attribute>";
    }
    x += "</saml:AttributeStatement>";
  }
  x += "</saml:Assertion>";
  return x;
}

std::string saml_response_xml(const SamlResponseSpec& s) {
  std::string x =
      "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" "
      "xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"" +
      esc(s.response_id) + "\" Version=\"2.0\" IssueInstant=\"" + utc(0) + "\" InResponseTo=\"" +
      esc(s.in_response_to) + "\"" +
      (s.destination.empty() ? "" : " Destination=\"" + esc(s.destination) + "\"") + ">";
  x += "<saml:Issuer>" + esc(s.issuer) + "</saml:Issuer>";
  x += "<samlp:Status><samlp:StatusCode Value=\"" + esc(s.status) + "\"/>";
  if (!s.status_message.empty())
    x += "<samlp:StatusMessage>" + esc(s.status_message) + "</samlp:StatusMessage>";
  x += "</samlp:Status>";
  x += saml_assertion_xml(s);
  x += "</samlp:Response>";
  return x;
}

std::string sign_saml(const std::string& xml, const std::string& id, const IdpKey& key) {
  if (!connector::saml::init_xmlsec()) die("xmlsec init");
  xmlDocPtr doc =
      xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "idp.xml", nullptr, XML_PARSE_NONET);
  if (!doc) die("cannot parse the document to sign");
  xmlNode* element = find_by_id(xmlDocGetRootElement(doc), id);
  if (!element) die("no element with that ID");
  xmlAttr* id_attr = xmlHasProp(element, reinterpret_cast<const xmlChar*>("ID"));
  xmlAddID(nullptr, doc, reinterpret_cast<const xmlChar*>(id.c_str()), id_attr);

  xmlNode* sig =
      xmlSecTmplSignatureCreate(doc, xmlSecTransformExclC14NId, xmlSecTransformRsaSha256Id, nullptr);
  // After the Issuer, as the schema places it; first child when there is no Issuer.
  xmlNode* issuer = nullptr;
  for (xmlNode* c = element->children; c; c = c->next) {
    if (c->type == XML_ELEMENT_NODE && std::strcmp(reinterpret_cast<const char*>(c->name), "Issuer") == 0)
      issuer = c;
  }
  if (issuer) {
    xmlAddNextSibling(issuer, sig);
  } else if (element->children) {
    xmlAddPrevSibling(element->children, sig);
  } else {
    xmlAddChild(element, sig);
  }
  std::string uri = "#" + id;
  xmlNode* ref = xmlSecTmplSignatureAddReference(sig, xmlSecTransformSha256Id, nullptr,
                                                 reinterpret_cast<const xmlChar*>(uri.c_str()), nullptr);
  xmlSecTmplReferenceAddTransform(ref, xmlSecTransformEnvelopedId);
  xmlSecTmplReferenceAddTransform(ref, xmlSecTransformExclC14NId);
  xmlNode* key_info = xmlSecTmplSignatureEnsureKeyInfo(sig, nullptr);
  xmlSecTmplKeyInfoAddX509Data(key_info);

  xmlSecDSigCtxPtr ctx = xmlSecDSigCtxCreate(nullptr);
  ctx->signKey = xmlSecCryptoAppKeyLoadMemory(reinterpret_cast<const xmlSecByte*>(key.key_pem.data()),
                                              static_cast<xmlSecSize>(key.key_pem.size()),
                                              xmlSecKeyDataFormatPem, nullptr, nullptr, nullptr);
  if (!ctx->signKey) die("cannot load the signing key");
  if (xmlSecCryptoAppKeyCertLoadMemory(ctx->signKey, reinterpret_cast<const xmlSecByte*>(key.cert_pem.data()),
                                       static_cast<xmlSecSize>(key.cert_pem.size()),
                                       xmlSecKeyDataFormatPem) < 0) {
    die("cannot load the certificate");
  }
  if (xmlSecDSigCtxSign(ctx, sig) < 0) die("signing failed");
  xmlSecDSigCtxDestroy(ctx);
  xmlRemoveID(doc, id_attr);
  xmlChar* out = nullptr;
  int size = 0;
  xmlDocDumpMemory(doc, &out, &size);
  std::string result(reinterpret_cast<const char*>(out), static_cast<size_t>(size));
  xmlFree(out);
  xmlFreeDoc(doc);
  return result;
}

std::string base64(const std::string& bytes) {
  return base::base64_encode(bytes);
}

}  // namespace dexcc::testing
