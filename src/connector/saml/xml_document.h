// A SAML message parsed with libxml2 the safe way: no DTD, no entities, no network, UTF-8 only,
// with limits on size, depth and node count, and helpers that read element text strictly.
#pragma once

#include <libxml/tree.h>

#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dexcc::connector::saml {

inline constexpr char kNsProtocol[] = "urn:oasis:names:tc:SAML:2.0:protocol";
inline constexpr char kNsAssertion[] = "urn:oasis:names:tc:SAML:2.0:assertion";
inline constexpr char kNsDsig[] = "http://www.w3.org/2000/09/xmldsig#";

struct XmlLimits {
  size_t max_bytes = 1 << 20;  // 1 MiB of XML: IdP responses are a few KiB, with many groups tens
  int max_depth = 32;          // a SAML Response is about 8 levels deep
  size_t max_nodes = 20000;
};

struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using XmlDoc = std::unique_ptr<xmlDoc, DocFree>;

// Parses `xml`, refusing any DOCTYPE, entity declaration or reference, xml:id attribute, processing
// instruction, or document over the limits. The error says why.
std::expected<XmlDoc, std::string> parse_xml(std::string_view xml, const XmlLimits& limits = {});

// True when `node` is an element named `name` in namespace `ns`.
bool is_element(const xmlNode* node, const char* ns, const char* name);
// The element children of `parent` named ns:name, in document order (direct children only).
std::vector<xmlNode*> children(const xmlNode* parent, const char* ns, const char* name);
// The only such child, nullptr when there is none; an error when there are several.
std::expected<xmlNode*, std::string> only_child(const xmlNode* parent, const char* ns, const char* name);
// The value of the un-namespaced attribute `name`, nullopt when absent.
std::optional<std::string> attribute(const xmlNode* node, const char* name);
// The element's text. Anything but text and CDATA inside (a comment, an element) is an error: a
// comment splitting a NameID is how signed values are truncated in other parsers.
std::expected<std::string, std::string> text_of(const xmlNode* node);

}  // namespace dexcc::connector::saml
