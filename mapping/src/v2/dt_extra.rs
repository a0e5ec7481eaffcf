//! More datatype maps: `FN[HumanName]` (with the NameAssemblyOrder vocabulary),
//! `HD[MessageHeader.source-endpoint]`, `HD[MessageHeader.destination-endpoint]` and
//! `HD[Device]`, `CWE[Organization]`, `CWE[Device]`, `XON[Location]` and
//! `NDL[PractitionerRole]`.

use fhir::{CodeableConcept, ExtensionValue, HumanName, Identifier, Primitive, Resource};
use hl7v2::Value;

use super::IssueKind;
use super::ctx::{At, Cx};
use super::dt::{concept_coding, ext, ext_string};
use super::tables as t;

/// FN parts 2-5 and the extensions on `HumanName.family` they go to (IG `FN[HumanName]`).
const FN_PARTS: [(usize, &str); 4] = [
    (
        2,
        "http://hl7.org/fhir/StructureDefinition/humanname-own-prefix",
    ),
    (
        3,
        "http://hl7.org/fhir/StructureDefinition/humanname-own-name",
    ),
    (
        4,
        "http://hl7.org/fhir/StructureDefinition/humanname-partner-prefix",
    ),
    (
        5,
        "http://hl7.org/fhir/StructureDefinition/humanname-partner-name",
    ),
];

impl Cx<'_> {
    /// FN → `HumanName.family` (IG `FN[HumanName]`): FN.1 the surname, FN.2-5 (own surname
    /// prefix and surname, partner's prefix and surname) as the core humanname extensions on
    /// it, and the name assembly order (XPN.11 / XCN.18, vocabulary NameAssemblyOrder) as
    /// `humanname-assembly-order` (the IG names the extension by its page URL; its canonical
    /// URL is used). Without FN.1 there is no family name.
    pub(crate) fn family_of(
        &mut self,
        fname: Option<Value<'_, '_>>,
        order: Option<Value<'_, '_>>,
        at: At,
        at_order: At,
    ) -> Option<Primitive<fhir::FhirString>> {
        let c = fname?;
        let mut family = Primitive::from(self.text(c.subcomponent(1), at)?);
        // A plain surname (the usual case) has no subcomponents: nothing more to read.
        if c.raw().contains(&b'&') || c.subcomponent(2).is_some() {
            for (n, url) in FN_PARTS {
                if let Some(part) = self.text(c.subcomponent(n), at) {
                    family.extension_mut().push(ext_string(url, part));
                }
            }
        }
        if let Some(code) = self.code_text(order, at_order)
            && let Some(c) = self.lookup(&t::NAME_ASSEMBLY_ORDER, &code, at_order)
        {
            family.extension_mut().push(ext(
                "http://hl7.org/fhir/StructureDefinition/humanname-assembly-order",
                ExtensionValue::Code(Primitive::from(c.code)),
            ));
        }
        Some(family)
    }

    /// HD → an endpoint URI (IG `HD[MessageHeader.source-endpoint]` and
    /// `HD[MessageHeader.destination-endpoint]`): HD.2 prefixed by its type HD.3 (`ISO` →
    /// `urn:oid:`, `UUID` → `urn:uuid:`, `DNS` → `urn:dns:`); a `URI` (or an untyped HD.2
    /// that reads as a URI) as it is. The IG's `"urn:uri:"+HD.2` would not be a URI for an
    /// absolute URI already, so it is left as it is. `None` without HD.2.
    pub(crate) fn hd_endpoint(&mut self, v: Value<'_, '_>, at: At) -> Option<fhir::FhirString> {
        let kind = self.comp_text(v, 3, at);
        let prefix = match kind.as_deref() {
            Some("ISO") => "urn:oid:",
            Some("UUID") => "urn:uuid:",
            Some("DNS") => "urn:dns:",
            _ => "",
        };
        if prefix.is_empty() {
            return self.uri_text(v.component(2), at.comp(2));
        }
        let uid = self.code_text(v.component(2), at.comp(2))?;
        let uri = format!("{prefix}{uid}");
        // A URI holds no spaces: an HD.2 with inner whitespace is not an endpoint.
        if fhir::PrimitiveType::Uri.is_valid(&uri) && !uri.contains(' ') {
            Some(uri.into())
        } else {
            self.issue(IssueKind::InvalidValue, Some(at.comp(2)));
            None
        }
    }

    /// HD → Device (IG `HD[Device]`), one per HD: HD.1 the first identifier, HD.2 the second
    /// (system `urn:ietf:rfc:3986`, as a URI for the ISO/UUID types, with HD.3 as its type by
    /// `ID[CodeableConcept-UniversalID]`, vocabulary UniversalIDType).
    pub(crate) fn hd_device(&mut self, v: Value<'_, '_>, at: At) -> Option<usize> {
        let ns = self.comp_text(v, 1, at);
        let uid = self.comp_text(v, 2, at);
        let kind = self.comp_text(v, 3, at);
        if ns.is_none() && uid.is_none() {
            return None;
        }
        let parts = [
            "Device",
            "hd",
            ns.as_deref().unwrap_or(""),
            uid.as_deref().unwrap_or(""),
            kind.as_deref().unwrap_or(""),
        ];
        let key = match self.find_key(&parts) {
            Ok(i) => return Some(i),
            Err(key) => key,
        };
        let mut d = fhir::Device::default();
        if let Some(ns) = ns {
            d.identifier.push(Identifier {
                value: Some(Primitive::from(ns)),
                ..Default::default()
            });
        }
        if let Some(uid) = uid {
            let value = match kind.as_deref() {
                Some("ISO") => format!("urn:oid:{uid}").into(),
                Some("UUID") => format!("urn:uuid:{uid}").into(),
                _ => uid,
            };
            let type_ = match kind.as_deref() {
                Some(k) => {
                    self.lookup(&t::UNIVERSAL_IDTYPE, k, at.comp(3))
                        .map(|c| CodeableConcept {
                            coding: vec![concept_coding(c)],
                            ..Default::default()
                        })
                }
                None => None,
            };
            let system = matches!(kind.as_deref(), Some("ISO" | "UUID"))
                .then(|| Primitive::from("urn:ietf:rfc:3986"));
            d.identifier.push(Identifier {
                system,
                value: Some(Primitive::from(value)),
                type_,
                ..Default::default()
            });
        }
        d.id = Some(self.new_id("Device"));
        let i = self.push(Resource::Device(Box::new(d)));
        self.remember(key, i);
        Some(i)
    }
    /// CWE → the parts of an Organization (IG `CWE[Organization]`): CWE.1 the identifier's
    /// value with CWE.3 (a coding system name) as its system, CWE.2 (else CWE.9) the name.
    pub(crate) fn cwe_organization_parts(
        &mut self,
        v: Value<'_, '_>,
        at: At,
    ) -> Option<(Option<Identifier>, Option<fhir::FhirString>)> {
        let code = self.code_text(v.component(1), at.comp(1));
        let name = match self.text(v.component(2), at.comp(2)) {
            Some(n) => Some(n),
            None => self.text(v.component(9), at.comp(9)),
        };
        if code.is_none() && name.is_none() {
            return None;
        }
        let system = match self.text(v.component(3), at.comp(3)) {
            Some(n) => self.system_of(&n, at.comp(3)),
            None => None,
        };
        let id = code.map(|c| Identifier {
            system: system.map(Primitive::from),
            value: Some(Primitive::from(c)),
            ..Default::default()
        });
        Some((id, name))
    }

    /// CWE → Organization (IG `CWE[Organization]`), one per CWE.
    pub(crate) fn cwe_organization(&mut self, v: Value<'_, '_>, at: At) -> Option<usize> {
        let raw = String::from_utf8_lossy(v.raw()).into_owned();
        let key = match self.find_key(&["Organization", "cwe", &raw]) {
            Ok(i) => return Some(i),
            Err(key) => key,
        };
        let (id, name) = self.cwe_organization_parts(v, at)?;
        let org = fhir::Organization {
            id: Some(self.new_id("Organization")),
            identifier: id.into_iter().collect(),
            name: name.map(Primitive::from),
            ..Default::default()
        };
        let i = self.push(Resource::Organization(Box::new(org)));
        self.remember(key, i);
        Some(i)
    }
    /// XON → Location (IG `XON[Location]`): XON.1 the name; XON.10 (else XON.3) the
    /// identifier with XON.6 (authority: system or assigner) and XON.7 (type,
    /// IdentifierType), as for `XON[Organization]`. XON.2 (name type) and XON.8 target extensions the IG leaves
    /// unnamed. One Location per XON.
    pub(crate) fn xon_location(&mut self, v: Value<'_, '_>, at: At) -> Option<usize> {
        let raw = String::from_utf8_lossy(v.raw()).into_owned();
        let key = match self.find_key(&["Location", "xon", &raw]) {
            Ok(i) => return Some(i),
            Err(key) => key,
        };
        let name = self.text(v.component(1), at.comp(1));
        let idv = match self.text(v.component(10), at.comp(10)) {
            Some(i) => Some(i),
            None => self.text(v.component(3), at.comp(3)),
        };
        if name.is_none() && idv.is_none() {
            return None;
        }
        let mut identifier = Vec::new();
        if let Some(value) = idv {
            let (system, assigner) = self.authority(v.component(6), at.comp(6), true);
            let type_code = self.comp_text(v, 7, at);
            let type_ = self.identifier_type(type_code, at.comp(7));
            identifier.push(Identifier {
                value: Some(Primitive::from(value)),
                system: system.map(Primitive::from),
                assigner,
                type_,
                ..Default::default()
            });
        }
        let name = name.map(Primitive::from);
        let loc = fhir::Location {
            id: Some(self.new_id("Location")),
            name,
            identifier,
            ..Default::default()
        };
        let i = self.push(Resource::Location(Box::new(loc)));
        self.remember(key, i);
        Some(i)
    }

    /// CWE → Device (IG `CWE[Device]`, read as an instance identifier): CWE.1/4/10 the
    /// identifiers with CWE.3/6/12 as their systems, CWE.2/5/11/9 the device names (R4
    /// requires a name type: `user-friendly-name`, the IG's "most appropriate value").
    pub(crate) fn cwe_device(&mut self, v: Value<'_, '_>, at: At) -> Option<usize> {
        let raw = String::from_utf8_lossy(v.raw()).into_owned();
        let key = match self.find_key(&["Device", "cwe", &raw]) {
            Ok(i) => return Some(i),
            Err(key) => key,
        };
        let mut d = fhir::Device::default();
        for (c, sys) in [(1usize, 3usize), (4, 6), (10, 12)] {
            let Some(value) = self.code_text(v.component(c), at.comp(c as u16)) else {
                continue;
            };
            let system = match self.text(v.component(sys), at.comp(sys as u16)) {
                Some(n) => self.system_of(&n, at.comp(sys as u16)),
                None => None,
            };
            d.identifier.push(Identifier {
                system: system.map(Primitive::from),
                value: Some(Primitive::from(value)),
                ..Default::default()
            });
        }
        for c in [2usize, 5, 11, 9] {
            if let Some(name) = self.text(v.component(c), at.comp(c as u16)) {
                d.device_name.push(fhir::DeviceDeviceName {
                    name: Some(Primitive::from(name)),
                    type_: Some(Primitive::from(
                        fhir::codes::DeviceNameType::UserFriendlyName,
                    )),
                    ..Default::default()
                });
            }
        }
        if d.identifier.is_empty() && d.device_name.is_empty() {
            return None;
        }
        d.id = Some(self.new_id("Device"));
        let i = self.push(Resource::Device(Box::new(d)));
        self.remember(key, i);
        Some(i)
    }
    /// NDL → PractitionerRole (IG `NDL[PractitionerRole]`): NDL.1 (CNN[Practitioner], its
    /// parts subcomponents) the practitioner, keyed like `XCN[Practitioner]` so the same
    /// person is one Practitioner; NDL.2/3 the period. NDL.4-11 (the location parts and
    /// NDL.8 status by IS[code]) are reported: Location.status has a required binding
    /// (active | suspended | inactive) that the v2 location status codes do not meet, and
    /// without it the parts make no Location the IG rows describe completely.
    pub(crate) fn ndl_role(&mut self, v: Value<'_, '_>, at: At) -> Option<usize> {
        let c = v.component(1);
        let part = |cx: &mut Self, n: usize| cx.text(c.and_then(|c| c.subcomponent(n)), at.comp(1));
        let id = part(self, 1);
        let family = part(self, 2);
        let practitioner = if id.is_some() || family.is_some() {
            let raw = String::from_utf8_lossy(c.map_or(&b""[..], |c| c.raw())).into_owned();
            let found = match &id {
                Some(idv) => self.find_key(&["Practitioner", "id", idv, ""]),
                None => self.find_key(&["Practitioner", "ndl", &raw]),
            };
            match found {
                Ok(i) => Some(i),
                Err(key) => {
                    let given: Vec<_> = [3usize, 4]
                        .into_iter()
                        .filter_map(|n| part(self, n))
                        .map(Primitive::from)
                        .collect();
                    let suffix: Vec<_> = [5usize, 7]
                        .into_iter()
                        .filter_map(|n| part(self, n))
                        .map(Primitive::from)
                        .collect();
                    let prefix: Vec<_> = part(self, 6).map(Primitive::from).into_iter().collect();
                    let name = (family.is_some() || !given.is_empty()).then(|| HumanName {
                        family: family.map(Primitive::from),
                        given,
                        suffix,
                        prefix,
                        ..Default::default()
                    });
                    let p = fhir::Practitioner {
                        id: Some(self.new_id("Practitioner")),
                        identifier: id
                            .map(|v| Identifier {
                                value: Some(Primitive::from(v)),
                                ..Default::default()
                            })
                            .into_iter()
                            .collect(),
                        name: name.into_iter().collect(),
                        ..Default::default()
                    };
                    let i = self.push(Resource::Practitioner(Box::new(p)));
                    self.remember(key, i);
                    Some(i)
                }
            }
        } else {
            None
        };
        let period = self.period(v.component(2), v.component(3), at.comp(2), at.comp(3));
        for n in 4..=11u16 {
            if v.component(usize::from(n)).is_some_and(|c| !c.is_empty()) {
                self.issue(IssueKind::UnmappedField, Some(at.comp(n)));
            }
        }
        if practitioner.is_none() && period.is_none() {
            return None;
        }
        let role = fhir::PractitionerRole {
            id: Some(self.new_id("PractitionerRole")),
            practitioner: practitioner.map(|i| self.reference(i)),
            period,
            ..Default::default()
        };
        Some(self.push(Resource::PractitionerRole(Box::new(role))))
    }
}
