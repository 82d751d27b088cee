// The checks on a SAML Response, each returning its reason: structure, signatures, Response
// fields, subject confirmation, conditions, and finally the attributes of the verified Assertion.
#include "connector/saml/response.h"

#include <cstring>
#include <set>

#include "base/time_format.h"
#include "connector/saml/signature.h"

namespace dexcc::connector::saml {
namespace {

constexpr char kStatusSuccess[] = "urn:oasis:names:tc:SAML:2.0:status:Success";
constexpr char kBearer[] = "urn:oasis:names:tc:SAML:2.0:cm:bearer";

using Check = std::expected<void, std::string>;

std::unexpected<std::string> refuse(std::string why) {
  return std::unexpected(std::move(why));
}

// Every ID in the document, once: a duplicate is how wrapping attacks confuse ID lookups.
Check unique_ids(xmlNode* node, std::set<std::string>& seen) {
  for (; node; node = node->next) {
    if (node->type != XML_ELEMENT_NODE) continue;
    if (auto id = attribute(node, "ID")) {
      if (!seen.insert(*id).second) return refuse("the ID \"" + *id + "\" appears twice");
    }
    if (auto r = unique_ids(node->children, seen); !r) return r;
  }
  return {};
}

// SAML times are UTC with a Z ("…T…Z", fractional seconds allowed), as dex requires.
std::expected<std::optional<base::Time>, std::string> time_attribute(xmlNode* node, const char* name) {
  auto text = attribute(node, name);
  if (!text) return std::nullopt;
  if (text->empty() || text->back() != 'Z' || text->find('T') == std::string::npos) {
    return refuse(std::string(name) + " \"" + *text + "\" is not a UTC time");
  }
  auto t = base::parse_rfc3339(*text);
  if (!t) return refuse(std::string(name) + " \"" + *text + "\" is not a UTC time");
  return *t;
}

// NotBefore/NotOnOrAfter on `node` with dex's drift; `what` names it in the reason.
Check time_window(xmlNode* node, const char* what, base::Time now, base::Time& valid_until) {
  auto not_before = time_attribute(node, "NotBefore");
  if (!not_before) return refuse(not_before.error());
  auto not_after = time_attribute(node, "NotOnOrAfter");
  if (!not_after) return refuse(not_after.error());
  if (*not_after) {
    if (now > **not_after + kClockDrift)
      return refuse(std::string(what) + " has expired (NotOnOrAfter " +
                    base::format_rfc3339_nano(**not_after) + ")");
    valid_until = std::max(valid_until, **not_after + kClockDrift);
  }
  if (*not_before && now + kClockDrift < **not_before) {
    return refuse(std::string(what) + " is not valid yet (NotBefore " +
                  base::format_rfc3339_nano(**not_before) + ")");
  }
  return {};
}

Check version_2(xmlNode* node, const char* what) {
  auto v = attribute(node, "Version");
  if (v && *v != "2.0") return refuse(std::string(what) + " has Version \"" + *v + "\", want 2.0");
  return {};
}

// An Issuer child, when present, must equal the configured ssoIssuer (dex compares the Response's
// only; the Assertion's is compared too, since it may be all that was signed).
Check issuer(xmlNode* parent, const char* what, const std::string& want) {
  auto node = only_child(parent, kNsAssertion, "Issuer");
  if (!node) return refuse(what + std::string(": ") + node.error());
  if (!*node || want.empty()) return {};
  auto text = text_of(*node);
  if (!text) return refuse(text.error());
  if (*text != want)
    return refuse(std::string(what) + " Issuer \"" + *text + "\" does not match ssoIssuer \"" + want + "\"");
  return {};
}

std::string last_segment(const std::string& urn) {
  return urn.substr(urn.rfind(':') + 1);
}

// The Response's status; a failure carries the IdP's code and message.
Check status(xmlNode* response) {
  auto st = only_child(response, kNsProtocol, "Status");
  if (!st) return refuse(st.error());
  if (!*st) return refuse("the Response has no Status");
  auto code = only_child(*st, kNsProtocol, "StatusCode");
  if (!code) return refuse(code.error());
  std::string value = *code ? attribute(*code, "Value").value_or("") : "";
  if (value == kStatusSuccess) return {};
  std::string message;
  if (auto m = only_child(*st, kNsProtocol, "StatusMessage"); m && *m) message = text_of(*m).value_or("");
  std::string detail;
  if (*code) {
    if (auto sub = only_child(*code, kNsProtocol, "StatusCode"); sub && *sub)
      detail = last_segment(attribute(*sub, "Value").value_or(""));
  }
  return refuse("the IdP answered status " + last_segment(value) + (detail.empty() ? "" : "/" + detail) +
                (message.empty() ? "" : ": " + message));
}

Check response_fields(xmlNode* response, const Expectations& want) {
  if (auto r = issuer(response, "the Response", want.sso_issuer); !r) return r;
  auto in_response_to = attribute(response, "InResponseTo").value_or("");
  if (in_response_to != want.request_id) {
    return refuse("the Response's InResponseTo \"" + in_response_to + "\" is not this login's request");
  }
  auto destination = attribute(response, "Destination");
  if (destination && *destination != want.redirect_uri) {
    return refuse("the Response's Destination \"" + *destination + "\" is not the redirectURI");
  }
  return status(response);
}

// At least one bearer SubjectConfirmation must hold for this request, now, at this endpoint.
Check subject_confirmation(xmlNode* subject, const Expectations& want, base::Time& valid_until) {
  std::string why = "the Subject has no SubjectConfirmation";
  for (xmlNode* sc : children(subject, kNsAssertion, "SubjectConfirmation")) {
    auto method = attribute(sc, "Method").value_or("");
    if (method != kBearer) {
      why = "the SubjectConfirmation method \"" + method + "\" is not bearer";
      continue;
    }
    auto data = only_child(sc, kNsAssertion, "SubjectConfirmationData");
    if (!data || !*data) {
      why = data ? "the SubjectConfirmation has no SubjectConfirmationData" : data.error();
      continue;
    }
    auto in_response_to = attribute(*data, "InResponseTo").value_or("");
    if (in_response_to != want.request_id) {
      why =
          "the SubjectConfirmationData's InResponseTo \"" + in_response_to + "\" is not this login's request";
      continue;
    }
    base::Time until = valid_until;
    if (auto r = time_window(*data, "the SubjectConfirmationData", want.now, until); !r) {
      why = r.error();
      continue;
    }
    auto recipient = attribute(*data, "Recipient");
    if (recipient && *recipient != want.redirect_uri) {
      why = "the SubjectConfirmationData's Recipient \"" + *recipient + "\" is not the redirectURI";
      continue;
    }
    valid_until = until;
    return {};
  }
  return refuse(why);
}

Check conditions(xmlNode* assertion, const Expectations& want, base::Time& valid_until) {
  auto cond = only_child(assertion, kNsAssertion, "Conditions");
  if (!cond) return refuse(cond.error());
  if (!*cond) return {};
  if (auto r = time_window(*cond, "the assertion", want.now, valid_until); !r) return r;
  const std::string& audience = want.entity_issuer.empty() ? want.redirect_uri : want.entity_issuer;
  for (xmlNode* restriction : children(*cond, kNsAssertion, "AudienceRestriction")) {
    bool found = false;
    std::vector<std::string> seen;
    for (xmlNode* a : children(restriction, kNsAssertion, "Audience")) {
      auto text = text_of(a);
      if (!text) return refuse(text.error());
      if (*text == audience) found = true;
      seen.push_back(*text);
    }
    if (!found) {
      std::string list;
      for (const auto& s : seen) list += (list.empty() ? "\"" : ", \"") + s + "\"";
      return refuse("the assertion's audience " + (list.empty() ? "(empty)" : list) + " does not include \"" +
                    audience + "\"");
    }
  }
  return {};
}

std::expected<std::vector<SamlAttribute>, std::string> attributes(xmlNode* assertion) {
  std::vector<SamlAttribute> out;
  for (xmlNode* statement : children(assertion, kNsAssertion, "AttributeStatement")) {
    for (xmlNode* attr : children(statement, kNsAssertion, "Attribute")) {
      SamlAttribute a{.name = attribute(attr, "Name").value_or("")};
      for (xmlNode* v : children(attr, kNsAssertion, "AttributeValue")) {
        auto text = text_of(v);
        if (!text) return refuse("attribute \"" + a.name + "\": " + text.error());
        a.values.push_back(*text);
      }
      out.push_back(std::move(a));
    }
  }
  return out;
}

// Which element's signature makes the assertion trustworthy; the caller reads only `assertion`.
Check signatures(xmlDoc* doc, xmlNode* response, xmlNode* assertion, const Expectations& want) {
  auto response_sig = only_child(response, kNsDsig, "Signature");
  if (!response_sig) return refuse("the Response has " + response_sig.error());
  auto assertion_sig = only_child(assertion, kNsDsig, "Signature");
  if (!assertion_sig) return refuse("the Assertion has " + assertion_sig.error());
  if (!*response_sig && !*assertion_sig) return refuse("neither the Response nor the Assertion is signed");
  // A signature that is present must verify: a broken one is not ignored in favour of another.
  if (*response_sig) {
    if (auto r = verify_enveloped(doc, response, *response_sig, want.cert_pems, want.now); !r) {
      return refuse("Response signature: " + r.error());
    }
  }
  if (*assertion_sig) {
    if (auto r = verify_enveloped(doc, assertion, *assertion_sig, want.cert_pems, want.now); !r) {
      return refuse("Assertion signature: " + r.error());
    }
  }
  return {};
}

}  // namespace

std::expected<ValidAssertion, std::string> validate_response(std::string_view xml, const Expectations& want,
                                                             const XmlLimits& limits) {
  auto doc = parse_xml(xml, limits);
  if (!doc) return refuse(doc.error());
  xmlNode* response = xmlDocGetRootElement(doc->get());
  if (!is_element(response, kNsProtocol, "Response")) return refuse("the document is not a samlp:Response");
  std::set<std::string> ids;
  if (auto r = unique_ids(response, ids); !r) return refuse(r.error());
  if (!children(response, kNsAssertion, "EncryptedAssertion").empty())
    return refuse("encrypted assertions are not supported");
  auto assertions = children(response, kNsAssertion, "Assertion");
  // The signed Response (or signed Assertion) is trusted only when the Assertion read is the one
  // child of the Response: a second one, anywhere, is a wrapping attempt or unsupported.
  if (assertions.size() != 1) {
    if (assertions.empty()) {
      // An IdP's error answer carries no assertion; its status is the useful reason.
      if (auto st = status(response); !st) return refuse(st.error());
      return refuse("the Response holds no Assertion");
    }
    return refuse("the Response holds " + std::to_string(assertions.size()) +
                  " Assertions (exactly one is accepted)");
  }
  xmlNode* assertion = assertions.front();

  if (!want.skip_signature) {
    if (auto r = signatures(doc->get(), response, assertion, want); !r) {
      // Still say what the IdP answered: an unsigned error answer is common.
      if (auto st = status(response); !st) return refuse(r.error() + " (" + st.error() + ")");
      return refuse(r.error());
    }
  }
  if (auto r = version_2(response, "the Response"); !r) return refuse(r.error());
  if (auto r = version_2(assertion, "the Assertion"); !r) return refuse(r.error());
  if (auto r = response_fields(response, want); !r) return refuse(r.error());
  if (auto r = issuer(assertion, "the Assertion", want.sso_issuer); !r) return refuse(r.error());

  ValidAssertion out;
  out.response_id = attribute(response, "ID").value_or("");
  out.assertion_id = attribute(assertion, "ID").value_or("");
  out.valid_until = want.now;
  auto subject = only_child(assertion, kNsAssertion, "Subject");
  if (!subject) return refuse(subject.error());
  if (!*subject) return refuse("the Assertion has no Subject");
  if (auto r = subject_confirmation(*subject, want, out.valid_until); !r) return refuse(r.error());
  if (auto r = conditions(assertion, want, out.valid_until); !r) return refuse(r.error());
  // Without any NotOnOrAfter, the assertion is remembered as long as an auth request lives (24 h).
  if (out.valid_until <= want.now) out.valid_until = want.now + std::chrono::hours(24);

  auto name_id = only_child(*subject, kNsAssertion, "NameID");
  if (!name_id) return refuse(name_id.error());
  if (!*name_id) return refuse("the Subject has no NameID");
  auto name = text_of(*name_id);
  if (!name) return refuse("NameID: " + name.error());
  if (name->empty()) return refuse("the NameID is empty");
  out.name_id = *name;
  auto attrs = attributes(assertion);
  if (!attrs) return refuse(attrs.error());
  out.attributes = std::move(*attrs);
  return out;
}

}  // namespace dexcc::connector::saml
