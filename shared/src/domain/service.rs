//! Services form a tree: a partnership > "Community Services" > a project.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::{FieldError, FieldErrors, Language, Message, ServiceId, double_option, text};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    pub id: ServiceId,
    pub name: String,
    pub parent_id: Option<ServiceId>,
    pub description: Option<String>,
    /// Archived services take no new stories; their stories stay.
    #[serde(default)]
    pub archived: bool,
    /// The language its pages and posters open in: a new link takes it.
    #[serde(default)]
    pub language: Language,
}

/// What a person asks for when adding a service, before it is checked.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ServiceInput {
    #[serde(default)]
    pub name: String,
    pub parent_id: Option<String>,
    pub description: Option<String>,
    pub language: Option<String>,
}

/// A service that can be created: its fields are clean and within bounds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewService {
    pub name: String,
    pub parent_id: Option<ServiceId>,
    pub description: Option<String>,
    pub language: Language,
}

pub const NAME_MAX: usize = 120;
pub const DESCRIPTION_MAX: usize = 2000;

fn name(raw: &str) -> Result<String, Message> {
    text::bounded(raw, 2, NAME_MAX, "service-name")
}

/// A parent's id, or none when blank.
fn parent(raw: Option<&str>) -> Result<Option<ServiceId>, String> {
    raw.map(str::trim).filter(|s| !s.is_empty()).map(str::parse).transpose()
}

/// A description, or none when blank.
fn description(raw: Option<&str>) -> Result<Option<String>, Message> {
    let text = text::bounded_multiline(raw.unwrap_or_default(), 0, DESCRIPTION_MAX, "service-description")?;
    Ok(Some(text).filter(|d| !d.is_empty()))
}

impl NewService {
    pub fn parse(input: &ServiceInput) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = errors.check("name", name(&input.name));
        let parent_id = errors.check("parent_id", parent(input.parent_id.as_deref()));
        let description = errors.check("description", description(input.description.as_deref()));
        let language = match input.language.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
            None => Some(Language::default()),
            Some(raw) => errors.check("language", Language::chosen(raw)),
        };
        errors.into_result(|| NewService {
            name: name.unwrap_or_default(),
            parent_id: parent_id.flatten(),
            description: description.flatten(),
            language: language.unwrap_or_default(),
        })
    }

    pub fn into_service(self, id: ServiceId) -> Service {
        Service {
            id,
            name: self.name,
            parent_id: self.parent_id,
            description: self.description,
            archived: false,
            language: self.language,
        }
    }
}

/// A change to a service: absent fields stay; `null` clears a description or makes a service a
/// root. Archiving is a change like any other, and can be undone.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ServicePatchInput {
    pub name: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    pub description: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    pub parent_id: Option<Option<String>>,
    pub archived: Option<bool>,
    pub language: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServicePatch {
    pub name: Option<String>,
    pub description: Option<Option<String>>,
    pub parent_id: Option<Option<ServiceId>>,
    pub archived: Option<bool>,
    pub language: Option<Language>,
}

impl ServicePatch {
    pub fn parse(input: &ServicePatchInput) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = input.name.as_deref().map(|n| errors.check("name", name(n)));
        let description = input.description.as_ref().map(|d| errors.check("description", description(d.as_deref())));
        let parent_id = input.parent_id.as_ref().map(|p| errors.check("parent_id", parent(p.as_deref())));
        let language = input.language.as_deref().map(|l| errors.check("language", Language::chosen(l)));
        if name.is_none()
            && description.is_none()
            && parent_id.is_none()
            && input.archived.is_none()
            && language.is_none()
        {
            errors
                .0
                .push(FieldError::new("body", "Send at least one of name, description, parent_id, archived, language"));
        }
        errors.into_result(|| ServicePatch {
            name: name.flatten(),
            description: description.flatten(),
            parent_id: parent_id.flatten(),
            archived: input.archived,
            language: language.flatten(),
        })
    }
}

/// Whether `id` may move under `new_parent`: the parent must exist, and be neither the service
/// itself nor one of the services under it, or the tree would close into a loop.
pub fn check_move(services: &[Service], id: ServiceId, new_parent: ServiceId) -> Result<(), Message> {
    if !services.iter().any(|s| s.id == new_parent) {
        return Err(Message::new("service-parent-unknown"));
    }
    let mut ancestor = Some(new_parent);
    while let Some(current) = ancestor {
        if current == id {
            return Err(Message::new("service-parent-loop"));
        }
        ancestor = services.iter().find(|s| s.id == current).and_then(|s| s.parent_id);
    }
    Ok(())
}

/// A service with the services under it, as the public sees the tree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServiceNode {
    pub id: ServiceId,
    pub name: String,
    pub parent_id: Option<ServiceId>,
    pub description: Option<String>,
    /// Archived services take no new stories; they stay in the tree for the stories they have.
    pub archived: bool,
    pub children: Vec<ServiceNode>,
}

impl ServiceNode {
    /// Its id and those of every service under it.
    pub fn ids(&self) -> Vec<ServiceId> {
        let mut ids = vec![self.id];
        for child in &self.children {
            ids.extend(child.ids());
        }
        ids
    }
}

/// Arranges services into trees, each level by name. A service whose parent is unknown is
/// shown as a root rather than lost.
pub fn forest(services: &[Service]) -> Vec<ServiceNode> {
    let known: HashMap<ServiceId, &Service> = services.iter().map(|s| (s.id, s)).collect();
    let mut children: HashMap<Option<ServiceId>, Vec<&Service>> = HashMap::new();
    for service in services {
        let parent = service.parent_id.filter(|p| known.contains_key(p));
        children.entry(parent).or_default().push(service);
    }
    nodes_under(None, &children)
}

/// The service `id` with everything under it.
pub fn subtree(services: &[Service], id: ServiceId) -> Option<ServiceNode> {
    let root = services.iter().find(|s| s.id == id)?;
    let mut children: HashMap<Option<ServiceId>, Vec<&Service>> = HashMap::new();
    for service in services.iter().filter(|s| s.id != id) {
        children.entry(service.parent_id).or_default().push(service);
    }
    Some(node(root, &children))
}

fn nodes_under(parent: Option<ServiceId>, children: &HashMap<Option<ServiceId>, Vec<&Service>>) -> Vec<ServiceNode> {
    let mut level: Vec<&Service> = children.get(&parent).cloned().unwrap_or_default();
    level.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()).then(a.id.cmp(&b.id)));
    level.into_iter().map(|s| node(s, children)).collect()
}

fn node(service: &Service, children: &HashMap<Option<ServiceId>, Vec<&Service>>) -> ServiceNode {
    ServiceNode {
        id: service.id,
        name: service.name.clone(),
        parent_id: service.parent_id,
        description: service.description.clone(),
        archived: service.archived,
        children: nodes_under(Some(service.id), children),
    }
}

/// The service `id` and every service above it, nearest first (a parent missing from the list,
/// or a loop, ends it).
pub fn lineage(services: &[Service], id: ServiceId) -> Vec<&Service> {
    let mut line: Vec<&Service> = Vec::new();
    let mut next = Some(id);
    while let Some(current) = next {
        let Some(service) = services.iter().find(|s| s.id == current) else { break };
        if line.iter().any(|s| s.id == current) {
            break;
        }
        line.push(service);
        next = service.parent_id;
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(name: &str, parent: Option<&Service>) -> Service {
        Service {
            id: ServiceId::generate(),
            name: name.into(),
            parent_id: parent.map(|p| p.id),
            description: None,
            archived: false,
            language: Language::English,
        }
    }

    #[test]
    fn builds_the_tree_by_name_and_keeps_orphans() {
        let partnership = service("Partnership", None);
        let community = service("Community Services", Some(&partnership));
        let walking = service("Walking group", Some(&community));
        let cafe = service("Carers' cafe", Some(&community));
        let mut orphan = service("Orphan", None);
        orphan.parent_id = Some(ServiceId::generate());
        let all = vec![walking.clone(), partnership.clone(), orphan.clone(), cafe.clone(), community.clone()];

        let roots = forest(&all);
        let names: Vec<&str> = roots.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["Orphan", "Partnership"]);
        let projects: Vec<&str> = roots[1].children[0].children.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(projects, ["Carers' cafe", "Walking group"]);

        let sub = subtree(&all, community.id).unwrap();
        assert_eq!(sub.children.len(), 2);
        assert!(subtree(&all, ServiceId::generate()).is_none());
    }

    #[test]
    fn a_move_may_not_close_a_loop() {
        let partnership = service("Partnership", None);
        let community = service("Community Services", Some(&partnership));
        let walking = service("Walking group", Some(&community));
        let other = service("Other", None);
        let all = vec![partnership.clone(), community.clone(), walking.clone(), other.clone()];
        assert!(check_move(&all, community.id, other.id).is_ok());
        assert!(check_move(&all, community.id, community.id).is_err());
        assert!(check_move(&all, partnership.id, walking.id).is_err());
        assert!(check_move(&all, walking.id, ServiceId::generate()).is_err());
    }

    #[test]
    fn a_patch_tells_clearing_from_leaving_alone() {
        let input: ServicePatchInput = serde_json::from_str(r#"{"parent_id": null, "archived": true}"#).unwrap();
        let patch = ServicePatch::parse(&input).unwrap();
        assert_eq!((patch.parent_id, patch.description, patch.archived), (Some(None), None, Some(true)));
        let bad: ServicePatchInput = serde_json::from_str(r#"{"name": "x", "parent_id": "nope"}"#).unwrap();
        let fields: Vec<String> = ServicePatch::parse(&bad).unwrap_err().0.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "parent_id"]);
    }

    #[test]
    fn parse_reports_every_bad_field() {
        let input = ServiceInput {
            name: " x ".into(),
            parent_id: Some("nope".into()),
            description: Some("ok".into()),
            language: None,
        };
        let errors = NewService::parse(&input).unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "parent_id"]);

        let input = ServiceInput {
            name: "  Ward 7 ".into(),
            parent_id: Some(" ".into()),
            description: Some("  ".into()),
            language: None,
        };
        let parsed = NewService::parse(&input).unwrap();
        assert_eq!(parsed, NewService { name: "Ward 7".into(), ..NewService::default() });
    }

    #[test]
    fn a_lineage_goes_up_to_the_root_and_stops_at_a_loop() {
        let service = |name: &str, parent: Option<ServiceId>| Service {
            id: ServiceId::generate(),
            name: name.into(),
            parent_id: parent,
            description: None,
            archived: false,
            language: Language::English,
        };
        let root = service("Partnership", None);
        let middle = service("Community Services", Some(root.id));
        let leaf = service("Carers' Cafe", Some(middle.id));
        let services = vec![root.clone(), middle.clone(), leaf.clone()];
        let names: Vec<&str> = lineage(&services, leaf.id).iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Carers' Cafe", "Community Services", "Partnership"]);
        let mut looped = services.clone();
        looped[0].parent_id = Some(leaf.id);
        assert_eq!(lineage(&looped, leaf.id).len(), 3, "a loop ends it");
        assert!(lineage(&services, ServiceId::generate()).is_empty());
    }
}
