"""Airflow's scheduler-side names that tests use, imported from where each supported minor keeps them.

The provider's own moved names live in ``airflow_provider_zoom.version_compat``; these are only for
checking DAGs the way the scheduler reads them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from airflow_provider_zoom.version_compat import AIRFLOW_V_3_1_PLUS, AIRFLOW_V_3_2_PLUS


def scheduled_asset_condition(dag: Any) -> Callable[..., bool]:
    """``ready(*uris)``: whether the scheduler starts ``dag`` once the assets of these URIs are updated.

    The DAG goes through serialization and back, as the scheduler receives it, and its asset condition is
    evaluated by Airflow's own ``AssetEvaluator``.
    """
    from airflow.assets.evaluation import AssetEvaluator

    if AIRFLOW_V_3_2_PLUS:
        from airflow.serialization.definitions.assets import SerializedAssetUniqueKey as AssetUniqueKey
        from airflow.serialization.serialized_objects import DagSerialization as Serialization
    else:
        from airflow.sdk.definitions.asset import AssetUniqueKey  # type: ignore[no-redef]
        from airflow.serialization.serialized_objects import (  # type: ignore[no-redef]
            SerializedDAG as Serialization,
        )

    condition = Serialization.from_dict(Serialization.to_dict(dag)).timetable.asset_condition

    def ready(*uris: str) -> bool:
        statuses = {AssetUniqueKey(name=uri, uri=uri): True for uri in uris}
        return AssetEvaluator(None).run(condition, statuses)

    return ready


def without_airflow_30_masker_lines(output: str) -> str:
    """``output`` less the lines in which Airflow 3.0's task supervisor logs what it hands to the masker.

    Under ``airflow dags test`` Airflow 3.0.6 prints its supervisor's debug lines, and those carry every
    ``MaskSecret(value=...)`` request, the connection's client secret among them; 3.1 and later do not.
    The rest of the output must still hold no secret.
    """
    if AIRFLOW_V_3_1_PLUS:
        return output
    return "\n".join(line for line in output.splitlines() if "MaskSecret(value=" not in line)
