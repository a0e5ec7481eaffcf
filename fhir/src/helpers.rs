//! Basic helpers on the generated model: resource ids, typed references, and finding entries
//! and resolving references inside a `Bundle`.

use alloc::format;

use crate::Primitive;
use crate::generated::{Bundle, BundleEntry, Reference, Resource};
use crate::model::FieldRef;

impl Resource {
    /// The logical id (`Resource.id`), if set.
    ///
    /// ```
    /// use fhir::{Patient, Resource};
    /// let r = Resource::from(Patient { id: Some("p1".into()), ..Default::default() });
    /// assert_eq!(r.id(), Some("p1"));
    /// ```
    pub fn id(&self) -> Option<&str> {
        // `id` is the first element of every resource.
        match self.as_object().field(0)? {
            FieldRef::Plain(slot) => slot.get(),
            _ => None,
        }
    }

    /// A reference to this resource as `Type/id` (`None` without an id).
    pub fn reference(&self) -> Option<Reference> {
        self.id().map(|id| Reference::to(self.resource_type(), id))
    }
}

/// What a `Reference.reference` string points at.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ReferenceTarget<'a> {
    /// `#id`: a contained resource (`#` alone is the containing resource).
    Contained(&'a str),
    /// `Type/id` or `Type/id/_history/version`, relative to the server base.
    Relative {
        /// The resource type.
        resource_type: &'a str,
        /// The logical id.
        id: &'a str,
        /// The version, for `_history` references.
        version: Option<&'a str>,
    },
    /// `base/Type/id[/_history/version]`: an absolute RESTful URL.
    Absolute {
        /// The service base URL (without trailing `/`).
        base: &'a str,
        /// The resource type.
        resource_type: &'a str,
        /// The logical id.
        id: &'a str,
        /// The version, for `_history` references.
        version: Option<&'a str>,
    },
    /// `urn:uuid:...` or `urn:oid:...` (typically a `Bundle.entry.fullUrl`).
    Urn(&'a str),
    /// Anything else (e.g. a canonical or a non-RESTful URL).
    Other(&'a str),
}

impl core::fmt::Debug for ReferenceTarget<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // Ids may be identifying: show only the kind and the resource type.
        match self {
            ReferenceTarget::Contained(_) => f.write_str("Contained(..)"),
            ReferenceTarget::Relative { resource_type, .. } => {
                write!(f, "Relative({resource_type}/..)")
            }
            ReferenceTarget::Absolute { resource_type, .. } => {
                write!(f, "Absolute({resource_type}/..)")
            }
            ReferenceTarget::Urn(_) => f.write_str("Urn(..)"),
            ReferenceTarget::Other(_) => f.write_str("Other(..)"),
        }
    }
}

fn is_resource_type(s: &str) -> bool {
    Resource::new_of_type(s).is_some()
}

fn is_id(s: &str) -> bool {
    crate::PrimitiveType::Id.is_valid(s)
}

impl<'a> ReferenceTarget<'a> {
    /// Classifies a reference string.
    ///
    /// ```
    /// use fhir::helpers::ReferenceTarget;
    /// assert!(matches!(
    ///     ReferenceTarget::parse("Patient/123/_history/2"),
    ///     ReferenceTarget::Relative { resource_type: "Patient", id: "123", version: Some("2") }
    /// ));
    /// assert!(matches!(
    ///     ReferenceTarget::parse("https://example.org/fhir/Observation/o1"),
    ///     ReferenceTarget::Absolute { base: "https://example.org/fhir", resource_type: "Observation", .. }
    /// ));
    /// assert!(matches!(ReferenceTarget::parse("#org1"), ReferenceTarget::Contained("org1")));
    /// ```
    pub fn parse(reference: &'a str) -> ReferenceTarget<'a> {
        if let Some(id) = reference.strip_prefix('#') {
            return ReferenceTarget::Contained(id);
        }
        if reference.starts_with("urn:uuid:") || reference.starts_with("urn:oid:") {
            return ReferenceTarget::Urn(reference);
        }
        let (path, version) = match reference.split_once("/_history/") {
            Some((p, v)) if is_id(v) => (p, Some(v)),
            Some(_) => return ReferenceTarget::Other(reference),
            None => (reference, None),
        };
        let mut parts = path.rsplitn(3, '/');
        let (Some(id), Some(resource_type)) = (parts.next(), parts.next()) else {
            return ReferenceTarget::Other(reference);
        };
        if !is_id(id) || !is_resource_type(resource_type) {
            return ReferenceTarget::Other(reference);
        }
        match parts.next() {
            None => ReferenceTarget::Relative {
                resource_type,
                id,
                version,
            },
            Some(base) if base.contains("://") => ReferenceTarget::Absolute {
                base,
                resource_type,
                id,
                version,
            },
            Some(_) => ReferenceTarget::Other(reference),
        }
    }
}

impl Reference {
    /// A reference `Type/id`.
    ///
    /// ```
    /// let r = fhir::Reference::to("Patient", "123");
    /// assert_eq!(r.reference.as_ref().and_then(|p| p.as_str()), Some("Patient/123"));
    /// ```
    pub fn to(resource_type: &str, id: &str) -> Reference {
        Reference {
            reference: Some(format!("{resource_type}/{id}").into()),
            ..Default::default()
        }
    }

    /// A reference to a contained resource (`#id`).
    pub fn contained(id: &str) -> Reference {
        Reference {
            reference: Some(format!("#{id}").into()),
            ..Default::default()
        }
    }

    /// A reference by URL, such as a `urn:uuid:` `fullUrl` inside a transaction bundle.
    pub fn url(url: impl Into<crate::FhirString>) -> Reference {
        Reference {
            reference: Some(Primitive::new(url.into())),
            ..Default::default()
        }
    }

    /// The reference string (`Reference.reference`), if any.
    pub fn reference_str(&self) -> Option<&str> {
        self.reference.as_ref().and_then(|p| p.as_str())
    }

    /// What the reference string points at.
    pub fn target(&self) -> Option<ReferenceTarget<'_>> {
        self.reference_str().map(ReferenceTarget::parse)
    }
}

impl Bundle {
    /// The resources of the entries, in order.
    pub fn resources(&self) -> impl Iterator<Item = &Resource> {
        self.entry.iter().filter_map(|e| e.resource.as_ref())
    }

    /// The entry whose `fullUrl` is exactly `full_url`.
    pub fn entry_by_full_url(&self, full_url: &str) -> Option<&BundleEntry> {
        self.entry
            .iter()
            .find(|e| e.full_url.as_ref().and_then(|u| u.as_str()) == Some(full_url))
    }

    /// Resolves a reference string against the entries (FHIR's rules for references inside
    /// a bundle, simplified): an exact `fullUrl` match first; then, for `Type/id`, an entry
    /// whose `fullUrl` ends in `/Type/id` or whose resource has that type and id; for an
    /// absolute URL, a resource with the same type and id (the base is not compared).
    ///
    /// ```
    /// use fhir::{json, Bundle};
    /// let b: Bundle = json::from_slice_as(br#"{"resourceType":"Bundle","type":"collection",
    ///   "entry":[{"fullUrl":"urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a",
    ///             "resource":{"resourceType":"Patient","id":"p1"}}]}"#, &Default::default())?.value;
    /// assert!(b.resolve("urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a").is_some());
    /// assert!(b.resolve("Patient/p1").is_some());
    /// assert!(b.resolve("Patient/p2").is_none());
    /// # Ok::<(), fhir::Error>(())
    /// ```
    pub fn resolve(&self, reference: &str) -> Option<&Resource> {
        if let Some(e) = self.entry_by_full_url(reference) {
            return e.resource.as_ref();
        }
        let (resource_type, id) = match ReferenceTarget::parse(reference) {
            ReferenceTarget::Relative {
                resource_type, id, ..
            }
            | ReferenceTarget::Absolute {
                resource_type, id, ..
            } => (resource_type, id),
            _ => return None,
        };
        self.entry.iter().find_map(|e| {
            let r = e.resource.as_ref()?;
            let by_url = e
                .full_url
                .as_ref()
                .and_then(|u| u.as_str())
                .and_then(|u| u.strip_suffix(id))
                .and_then(|u| u.strip_suffix('/'))
                .and_then(|u| u.strip_suffix(resource_type))
                .is_some_and(|base| base.is_empty() || base.ends_with('/'));
            let by_id = r.resource_type() == resource_type && r.id() == Some(id);
            (by_url || by_id).then_some(r)
        })
    }
}
