"""Build hooks of ``airflow-provider-zoom-emulator``: its files and its pin on the provider.

The emulator's code lives in the provider's tree (``airflow_provider_zoom/testing/emulator``, one
folder up from here in a checkout, beside this file in the sdist), so the import path is the same
whichever distribution installed it.
"""

from __future__ import annotations

import os
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface
from hatchling.metadata.plugin.interface import MetadataHookInterface

PACKAGE = os.path.join("airflow_provider_zoom", "testing", "emulator")
PROVIDER = "airflow-provider-zoom"


def emulator_source(root: str) -> str:
    """The emulator package's folder: inside an unpacked sdist, else in the checkout around ``root``.

    :param root: the folder holding this distribution's ``pyproject.toml``.
    """
    for base in (root, os.path.dirname(root)):
        candidate = os.path.join(base, PACKAGE)
        if os.path.isfile(os.path.join(candidate, "__init__.py")):
            return candidate
    raise FileNotFoundError(f"no {PACKAGE} beside or above {root}")


class EmulatorMetadataHook(MetadataHookInterface):
    """Dependencies: the ``dependencies`` of the hook's table, plus the provider at this exact version."""

    def update(self, metadata: dict[str, Any]) -> None:
        """Set ``metadata["dependencies"]``.

        :param metadata: the ``[project]`` table; ``version`` is already resolved.
        """
        extra = self.config.get("dependencies", [])
        if not isinstance(extra, list) or not all(isinstance(d, str) for d in extra):
            raise TypeError("tool.hatch.metadata.hooks.custom.dependencies: must be a list of strings")
        metadata["dependencies"] = [f"{PROVIDER}=={metadata['version']}", *extra]


class EmulatorBuildHook(BuildHookInterface):
    """Ship the emulator package; editable installs import it from the checkout instead."""

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Add the package's files to the wheel or sdist.

        :param version: the build's version: ``standard`` or ``editable`` for wheels, ``standard`` for sdists.
        :param build_data: the build data hatch passes to hooks; ``force_include`` is filled here.
        """
        if self.target_name == "wheel" and version == "editable":
            return
        build_data["force_include"][emulator_source(self.root)] = PACKAGE
