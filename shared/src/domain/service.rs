//! Services form a tree: a partnership > "Community Services" > a project.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::{FieldErrors, ServiceId, text};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    pub id: ServiceId,
    pub name: String,
    pub parent_id: Option<ServiceId>,
    pub description: Option<String>,
    /// Archived services take no new stories; their stories stay.
    #[serde(default)]
    pub archived: bool,
}

/// What a person asks for when adding a service, before it is checked.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ServiceInput {
    #[serde(default)]
    pub name: String,
    pub parent_id: Option<String>,
    pub description: Option<String>,
}

/// A service that can be created: its fields are clean and within bounds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewService {
    pub name: String,
    pub parent_id: Option<ServiceId>,
    pub description: Option<String>,
}

pub const NAME_MAX: usize = 120;
pub const DESCRIPTION_MAX: usize = 2000;

impl NewService {
    pub fn parse(input: &ServiceInput) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = errors.check("name", text::bounded(&input.name, 2, NAME_MAX, "the service's name"));
        let parent_id = match input.parent_id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(raw) => errors.check("parent_id", raw.parse::<ServiceId>()).map(Some),
            None => Some(None),
        };
        let description = match input.description.as_deref() {
            Some(raw) => errors
                .check("description", text::bounded_multiline(raw, 0, DESCRIPTION_MAX, "the description"))
                .map(|d| Some(d).filter(|d| !d.is_empty())),
            None => Some(None),
        };
        errors.into_result(|| NewService {
            name: name.unwrap_or_default(),
            parent_id: parent_id.flatten(),
            description: description.flatten(),
        })
    }

    pub fn into_service(self, id: ServiceId) -> Service {
        Service { id, name: self.name, parent_id: self.parent_id, description: self.description, archived: false }
    }
}

/// A service with the services under it, as the public sees the tree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServiceNode {
    pub id: ServiceId,
    pub name: String,
    pub parent_id: Option<ServiceId>,
    pub description: Option<String>,
    pub children: Vec<ServiceNode>,
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
        children: nodes_under(Some(service.id), children),
    }
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
    fn parse_reports_every_bad_field() {
        let input = ServiceInput { name: " x ".into(), parent_id: Some("nope".into()), description: Some("ok".into()) };
        let errors = NewService::parse(&input).unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "parent_id"]);

        let input =
            ServiceInput { name: "  Ward 7 ".into(), parent_id: Some(" ".into()), description: Some("  ".into()) };
        let parsed = NewService::parse(&input).unwrap();
        assert_eq!(parsed, NewService { name: "Ward 7".into(), parent_id: None, description: None });
    }
}
