"""The service catalogue (办事指南): schema, YAML loader, SQL store and search."""

from bot.catalogue.schema import Catalogue, Material, MaterialRequirement, Question, Service

__all__ = ["Catalogue", "Material", "MaterialRequirement", "Question", "Service"]
