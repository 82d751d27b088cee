// Safe libxml2 parsing: SAX hooks stop the parser at any DTD or entity, and a walk of the tree
// enforces the depth and node limits and refuses constructs no IdP sends.
#include "connector/saml/xml_document.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include <cstring>
#include <mutex>

namespace dexcc::connector::saml {
namespace {

// No file or URL is ever loaded, whatever asks for it.
xmlParserInputPtr no_external_entities(const char*, const char*, xmlParserCtxtPtr ctxt) {
  if (ctxt) xmlStopParser(ctxt);
  return nullptr;
}

void silent_error(void*, const char*, ...) {}
void silent_structured(void*, xmlErrorPtr) {}

void init_libxml() {
  static std::once_flag once;
  std::call_once(once, [] {
    xmlInitParser();
    xmlSetExternalEntityLoader(no_external_entities);
    xmlThrDefSetGenericErrorFunc(nullptr, silent_error);
    xmlThrDefSetStructuredErrorFunc(nullptr, silent_structured);
  });
  // libxml2's error handlers are per thread: its C14N code (run by xmlsec) reports to them
  // directly, and a hostile document must not write to stderr past the logger.
  xmlSetGenericErrorFunc(nullptr, silent_error);
  xmlSetStructuredErrorFunc(nullptr, silent_structured);
}

// Set by the SAX hooks below; one parse runs at a time on a thread.
struct ParseState {
  std::string refused;
};
thread_local ParseState* t_state = nullptr;

ParseState* state_of(void*) {
  return t_state;
}

void refuse(void* ctx, const char* why) {
  auto* st = state_of(ctx);
  if (st->refused.empty()) st->refused = why;
  xmlStopParser(static_cast<xmlParserCtxtPtr>(ctx));
}

void on_internal_subset(void* ctx, const xmlChar*, const xmlChar*, const xmlChar*) {
  refuse(ctx, "a DOCTYPE");
}
void on_external_subset(void* ctx, const xmlChar*, const xmlChar*, const xmlChar*) {
  refuse(ctx, "a DOCTYPE");
}
void on_entity_decl(void* ctx, const xmlChar*, int, const xmlChar*, const xmlChar*, xmlChar*) {
  refuse(ctx, "an entity declaration");
}
void on_reference(void* ctx, const xmlChar*) {
  refuse(ctx, "an entity reference");
}
xmlEntityPtr on_get_entity(void* ctx, const xmlChar* name) {
  // The five predefined entities (&lt; ...) never reach here; anything else is undeclared.
  (void)name;
  refuse(ctx, "an entity reference");
  return nullptr;
}
void on_pi(void* ctx, const xmlChar*, const xmlChar*) {
  refuse(ctx, "a processing instruction");
}

std::string check_tree(const xmlNode* node, int depth, const XmlLimits& limits, size_t& count) {
  for (; node; node = node->next) {
    if (++count > limits.max_nodes) return "more than " + std::to_string(limits.max_nodes) + " nodes";
    switch (node->type) {
      case XML_ELEMENT_NODE:
        if (depth > limits.max_depth)
          return "elements nested deeper than " + std::to_string(limits.max_depth);
        for (const xmlAttr* a = node->properties; a; a = a->next) {
          if (a->ns && a->ns->href &&
              std::strcmp(reinterpret_cast<const char*>(a->ns->href),
                          "http://www.w3.org/XML/1998/namespace") == 0 &&
              std::strcmp(reinterpret_cast<const char*>(a->name), "id") == 0) {
            return "an xml:id attribute";
          }
        }
        if (auto e = check_tree(node->children, depth + 1, limits, count); !e.empty()) return e;
        break;
      case XML_TEXT_NODE:
      case XML_CDATA_SECTION_NODE:
      case XML_COMMENT_NODE:
        break;
      case XML_ENTITY_REF_NODE:
      case XML_ENTITY_NODE:
        return "an entity reference";
      case XML_PI_NODE:
        return "a processing instruction";
      default:
        return "an unexpected XML node";
    }
  }
  return "";
}

}  // namespace

std::expected<XmlDoc, std::string> parse_xml(std::string_view xml, const XmlLimits& limits) {
  init_libxml();
  if (xml.size() > limits.max_bytes)
    return std::unexpected("XML larger than " + std::to_string(limits.max_bytes) + " bytes");
  // A DOCTYPE is refused before libxml2 reads a byte of it (the SAX hooks are the second line).
  if (xml.find("<!DOCTYPE") != std::string_view::npos || xml.find("<!ENTITY") != std::string_view::npos) {
    return std::unexpected("XML with a DOCTYPE is refused");
  }
  xmlSAXHandler sax;
  std::memset(&sax, 0, sizeof sax);
  xmlSAXVersion(&sax, 2);
  sax.internalSubset = on_internal_subset;
  sax.externalSubset = on_external_subset;
  sax.entityDecl = on_entity_decl;
  sax.reference = on_reference;
  sax.getEntity = on_get_entity;
  sax.getParameterEntity = on_get_entity;
  sax.processingInstruction = on_pi;
  sax.error = silent_error;
  sax.warning = silent_error;
  sax.serror = silent_structured;

  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  if (!ctxt) return std::unexpected("out of memory");
  // xmlNewParserCtxt installed the default SAX handler; ours replaces it for this parse only.
  std::memcpy(ctxt->sax, &sax, sizeof sax);
  ParseState state;
  t_state = &state;
  // NONET: no network; no NOENT/DTDLOAD/DTDATTR: no substitution or loading; no HUGE: libxml2 keeps
  // its own caps on text and name sizes. The encoding is forced to UTF-8 so the DOCTYPE scan above
  // sees the same bytes the parser does.
  int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
  xmlDocPtr doc = xmlCtxtReadMemory(ctxt, xml.data(), static_cast<int>(xml.size()), "saml-response.xml",
                                    "UTF-8", options);
  bool well_formed = ctxt->wellFormed;
  xmlFreeParserCtxt(ctxt);
  t_state = nullptr;
  XmlDoc owned(doc);
  if (!state.refused.empty()) return std::unexpected("XML with " + state.refused + " is refused");
  if (!owned || !well_formed) return std::unexpected("XML is not well-formed");
  if (owned->intSubset || owned->extSubset) return std::unexpected("XML with a DOCTYPE is refused");
  size_t count = 0;
  if (auto e = check_tree(xmlDocGetRootElement(owned.get()), 1, limits, count); !e.empty()) {
    return std::unexpected("XML with " + e + " is refused");
  }
  // Nodes beside the root (comments before it) are counted too, and nothing else may be there.
  for (const xmlNode* n = owned->children; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE && n->type != XML_COMMENT_NODE)
      return std::unexpected("XML with content outside the root element is refused");
  }
  return owned;
}

bool is_element(const xmlNode* node, const char* ns, const char* name) {
  return node && node->type == XML_ELEMENT_NODE && node->ns && node->ns->href &&
         std::strcmp(reinterpret_cast<const char*>(node->ns->href), ns) == 0 &&
         std::strcmp(reinterpret_cast<const char*>(node->name), name) == 0;
}

std::vector<xmlNode*> children(const xmlNode* parent, const char* ns, const char* name) {
  std::vector<xmlNode*> out;
  for (xmlNode* c = parent ? parent->children : nullptr; c; c = c->next) {
    if (is_element(c, ns, name)) out.push_back(c);
  }
  return out;
}

std::expected<xmlNode*, std::string> only_child(const xmlNode* parent, const char* ns, const char* name) {
  auto found = children(parent, ns, name);
  if (found.size() > 1) return std::unexpected(std::string("more than one ") + name + " element");
  return found.empty() ? nullptr : found.front();
}

std::optional<std::string> attribute(const xmlNode* node, const char* name) {
  for (const xmlAttr* a = node->properties; a; a = a->next) {
    if (a->ns == nullptr && std::strcmp(reinterpret_cast<const char*>(a->name), name) == 0) {
      std::string value;
      for (const xmlNode* t = a->children; t; t = t->next) {
        if (t->type == XML_TEXT_NODE && t->content) value += reinterpret_cast<const char*>(t->content);
      }
      return value;
    }
  }
  return std::nullopt;
}

std::expected<std::string, std::string> text_of(const xmlNode* node) {
  std::string out;
  for (const xmlNode* c = node->children; c; c = c->next) {
    if (c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE) {
      return std::unexpected(std::string("element ") + reinterpret_cast<const char*>(node->name) +
                             " holds more than text (a comment or an element)");
    }
    if (c->content) out += reinterpret_cast<const char*>(c->content);
  }
  return out;
}

}  // namespace dexcc::connector::saml
