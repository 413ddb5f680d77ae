//! UpdateItem expressions built from named changes: every attribute name and value goes
//! through a placeholder, so no field can collide with a reserved word or inject syntax.

use std::collections::HashMap;

use aws_sdk_dynamodb::operation::update_item::builders::UpdateItemFluentBuilder;
use aws_sdk_dynamodb::types::AttributeValue;
use serde::Serialize;

use super::StoreError;

#[derive(Default)]
pub(super) struct Changes {
    set: Vec<String>,
    remove: Vec<String>,
    add: Vec<String>,
    names: HashMap<String, String>,
    values: HashMap<String, AttributeValue>,
}

impl Changes {
    fn name(&mut self, field: &str) -> String {
        // A placeholder is letters, digits and underscores; a name may have more (`opened_2026-03`).
        let placeholder: String =
            format!("#{field}").chars().map(|c| if c.is_ascii_alphanumeric() || c == '#' { c } else { '_' }).collect();
        self.names.insert(placeholder.clone(), field.to_owned());
        placeholder
    }

    /// A value placeholder, for the update or for its condition.
    pub fn value(&mut self, value: impl Serialize) -> Result<String, StoreError> {
        let placeholder = format!(":v{}", self.values.len());
        self.values.insert(placeholder.clone(), serde_dynamo::to_attribute_value(value)?);
        Ok(placeholder)
    }

    pub fn set(&mut self, field: &str, value: impl Serialize) -> Result<(), StoreError> {
        let (name, value) = (self.name(field), self.value(value)?);
        self.set.push(format!("{name} = {value}"));
        Ok(())
    }

    /// Sets the field only if it has no value yet.
    pub fn set_once(&mut self, field: &str, value: impl Serialize) -> Result<(), StoreError> {
        let (name, value) = (self.name(field), self.value(value)?);
        self.set.push(format!("{name} = if_not_exists({name}, {value})"));
        Ok(())
    }

    /// Sets the field to `Some` value, or removes it for `None`.
    pub fn set_or_remove(&mut self, field: &str, value: Option<impl Serialize>) -> Result<(), StoreError> {
        match value {
            Some(value) => self.set(field, value),
            None => {
                self.remove(field);
                Ok(())
            }
        }
    }

    /// A field of a change that was asked for (`Some`), left alone otherwise.
    pub fn set_if_given<T: Serialize>(&mut self, field: &str, value: Option<T>) -> Result<(), StoreError> {
        value.map_or(Ok(()), |value| self.set(field, value))
    }

    /// An optional field of a change: `Some(Some(v))` sets it, `Some(None)` clears it, `None`
    /// leaves it alone.
    pub fn set_or_clear_if_given<T: Serialize>(
        &mut self,
        field: &str,
        value: Option<Option<T>>,
    ) -> Result<(), StoreError> {
        value.map_or(Ok(()), |value| self.set_or_remove(field, value))
    }

    pub fn remove(&mut self, field: &str) {
        let name = self.name(field);
        self.remove.push(name);
    }

    /// Atomically adds to a number, starting from zero.
    pub fn add(&mut self, field: &str, amount: i64) -> Result<(), StoreError> {
        let (name, value) = (self.name(field), self.value(amount)?);
        self.add.push(format!("{name} {value}"));
        Ok(())
    }

    /// A placeholder for an attribute named in a condition.
    pub fn condition_name(&mut self, field: &str) -> String {
        self.name(field)
    }

    pub fn expression(&self) -> String {
        let mut clauses = Vec::new();
        for (keyword, parts) in [("SET", &self.set), ("REMOVE", &self.remove), ("ADD", &self.add)] {
            if !parts.is_empty() {
                clauses.push(format!("{keyword} {}", parts.join(", ")));
            }
        }
        clauses.join(" ")
    }

    pub fn apply(self, update: UpdateItemFluentBuilder) -> UpdateItemFluentBuilder {
        let expression = self.expression();
        update
            .update_expression(expression)
            .set_expression_attribute_names(Some(self.names))
            .set_expression_attribute_values(Some(self.values).filter(|v| !v.is_empty()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_one_clause_per_kind_with_placeholders() {
        let mut changes = Changes::default();
        changes.set("name", "Ward 7").unwrap();
        changes.set_or_remove("description", None::<String>).unwrap();
        changes.add("opened", 1).unwrap();
        assert_eq!(changes.expression(), "SET #name = :v0 REMOVE #description ADD #opened :v1");
        assert_eq!(changes.names["#name"], "name");
        assert_eq!(changes.values[":v1"], AttributeValue::N("1".into()));
    }
}
