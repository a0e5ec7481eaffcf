//! `MSH[Provenance-Transformation]`: the Provenance of the conversion itself, made when
//! [`super::Options::transformation_provenance`] is set.

use fhir::{Coding, Identifier, Primitive, Reference, Resource};
use hl7v2::Segment;

use super::ctx::{At, Cx};
use super::dt::cc_of;

/// The activity code system the IG names for the transformation.
const ACTIVITY: &str =
    "http://hl7.org/fhir/uv/v2mappings/CodeSystem/provenance-activity-type-v2-to-fhir";
/// The name of the converter, as the transformation's agent Device.
const CONVERTER: &str = "health-interop mapping (HL7 v2 to FHIR R4)";

/// MSH → the Provenance of the transformation (IG `MSH[Provenance-Transformation]`):
/// activity `v2-fhir-transformation`, an `assembler` agent (a Device naming this converter:
/// the IG's "organization owning or device performing the transformation") and the
/// original message as a `source` entity (a DocumentReference, status `current`, with the
/// message base64-encoded in `content.attachment.data`: the IG's row for a receiver that
/// does not keep the message elsewhere).
///
/// Departures forced by determinism and FHIR R4: `recorded` is the message time (MSH-7, an
/// instant) rather than the wall-clock time of the transformation, so that the same input
/// always gives the same bundle; the Device carries no software version (a version bump
/// would otherwise change every bundle); `policy` (the caller's policy URI) is not made.
/// The target (the IG's `Bundle.id`) is a logical reference to the Bundle by its identifier
/// (MSH-10): a Bundle entry cannot refer to its own Bundle by `fullUrl`. Without MSH-10 or
/// an MSH-7 instant there is no valid Provenance and none is made.
pub(crate) fn msh_transformation(
    cx: &mut Cx<'_>,
    s: &Segment<'_, '_>,
    msg: &hl7v2::Message<'_>,
) -> Option<usize> {
    if !cx.opts.transformation_provenance {
        return None;
    }
    let control = msg.control_id().and_then(super::dt::printable)?;
    let recorded = {
        let mark = cx.issues.len();
        let t = cx.dtm_instant(s.field(7).filter(|v| !v.is_empty()), At::field(7));
        // MSH-7 is read (and reported on) by MSH[MessageHeader] and the bundle.
        cx.issues.truncate(mark);
        t
    }?;
    let device = fhir::Device {
        id: Some(cx.new_id("Device")),
        device_name: vec![fhir::DeviceDeviceName {
            name: Some(Primitive::from(CONVERTER.to_owned())),
            type_: Some(Primitive::from(
                fhir::codes::DeviceNameType::UserFriendlyName,
            )),
            ..Default::default()
        }],
        ..Default::default()
    };
    let device = cx.push(Resource::Device(Box::new(device)));
    let source = fhir::DocumentReference {
        id: Some(cx.new_id("DocumentReference")),
        status: Some(Primitive::from(
            fhir::codes::DocumentReferenceStatus::Current,
        )),
        content: vec![fhir::DocumentReferenceContent {
            attachment: Some(fhir::Attachment {
                content_type: Some(Primitive::from("x-application/hl7-v2+er7")),
                data: Some(Primitive::from(super::seg_doc::base64_encode(msg.input()))),
                ..Default::default()
            }),
            ..Default::default()
        }],
        ..Default::default()
    };
    let source = cx.push(Resource::DocumentReference(Box::new(source)));
    let p = fhir::Provenance {
        id: Some(cx.new_id("Provenance")),
        target: vec![Reference {
            type_: Some(Primitive::from("Bundle")),
            identifier: Some(Box::new(Identifier {
                value: Some(Primitive::new(fhir::FhirString::from_text(control))),
                ..Default::default()
            })),
            ..Default::default()
        }],
        recorded: Some(recorded),
        activity: Some(fhir::CodeableConcept {
            coding: vec![Coding {
                system: Some(Primitive::from(ACTIVITY.to_owned())),
                code: Some(Primitive::from("v2-fhir-transformation")),
                ..Default::default()
            }],
            ..Default::default()
        }),
        agent: vec![fhir::ProvenanceAgent {
            type_: Some(cc_of(
                "http://terminology.hl7.org/CodeSystem/provenance-participant-type",
                "assembler",
                None,
            )),
            who: Some(cx.reference(device)),
            ..Default::default()
        }],
        entity: vec![fhir::ProvenanceEntity {
            role: Some(Primitive::from(fhir::codes::ProvenanceEntityRole::Source)),
            what: Some(cx.reference(source)),
            ..Default::default()
        }],
        ..Default::default()
    };
    Some(cx.push(Resource::Provenance(Box::new(p))))
}
