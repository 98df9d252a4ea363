"""Provider metadata read by Airflow's providers manager (entry point ``apache_airflow_provider``)."""

from __future__ import annotations

from typing import Any

INTEGRATION = "Zoom"

# Declared here (not only on the hook) because Airflow 3.2+ builds the connection form from the
# provider info without importing the hook, and 3.3 reads nothing else.
ZOOM_CONNECTION_TYPE: dict[str, Any] = {
    "connection-type": "zoom",
    "hook-class-name": "airflow_provider_zoom.hooks.zoom.ZoomHook",
    "hook-name": "Zoom",
    "ui-field-behaviour": {
        "hidden-fields": ["host", "port", "schema"],
        "relabeling": {"login": "Client ID", "password": "Client Secret"},
        "placeholders": {
            "login": "OAuth app Client ID",
            "password": "OAuth app Client Secret",
            "extra": '{"account_id": "...", "auth_type": "server_to_server"}',
        },
    },
    "conn-fields": {
        "account_id": {
            "label": "Account ID",
            "description": "Zoom account ID of the Server-to-Server OAuth app.",
            "schema": {"type": ["string", "null"]},
        },
        "auth_type": {
            "label": "Auth type",
            "description": "server_to_server (default), refresh_token or access_token.",
            "schema": {
                "type": ["string", "null"],
                "enum": ["server_to_server", "refresh_token", "access_token", None],
                "default": "server_to_server",
            },
        },
        "webhook_secret_token": {
            "label": "Webhook secret token",
            "description": "Secret token of the app's event subscription; verifies signed webhook events.",
            "schema": {"type": ["string", "null"], "format": "password"},
        },
        "refresh_token": {
            "label": "Refresh token",
            "description": "auth_type=refresh_token only: the initial OAuth refresh token.",
            "schema": {"type": ["string", "null"], "format": "password"},
        },
        "refresh_token_variable": {
            "label": "Refresh token Variable",
            "description": "auth_type=refresh_token only: Airflow Variable that stores Zoom's rotated "
            "refresh token.",
            "schema": {"type": ["string", "null"]},
        },
        "access_token": {
            "label": "Access token",
            "description": "auth_type=access_token only: a bearer token, for short tests.",
            "schema": {"type": ["string", "null"], "format": "password"},
        },
        "api_base_url": {
            "label": "API base URL",
            "description": "Default https://api.zoom.us/v2; the emulator's URL in local tests.",
            "schema": {"type": ["string", "null"], "default": "https://api.zoom.us/v2"},
        },
        "oauth_base_url": {
            "label": "OAuth base URL",
            "description": "Default https://zoom.us (token endpoint {oauth_base_url}/oauth/token).",
            "schema": {"type": ["string", "null"], "default": "https://zoom.us"},
        },
        "timeout": {
            "label": "Timeout",
            "description": "Request timeout in seconds (default 60).",
            "schema": {"type": ["number", "null"], "default": 60},
        },
        "max_retries": {
            "label": "Max retries",
            "description": "Retries for rate limits, 5xx and connection errors (default 5).",
            "schema": {"type": ["integer", "null"], "default": 5},
        },
        "rate_limit_budget": {
            "label": "Rate-limit budget",
            "description": "Seconds a request may wait out per-second rate limits (default 300).",
            "schema": {"type": ["integer", "null"], "default": 300},
        },
    },
}


def _modules(*names: str) -> list[dict[str, Any]]:
    return [{"integration-name": INTEGRATION, "python-modules": list(names)}]


def get_provider_info() -> dict[str, Any]:
    """Describe the provider: its connection type, modules, notifiers, plugins and asset URIs."""
    from airflow_provider_zoom import __version__

    return {
        "package-name": "airflow-provider-zoom",
        "name": "Zoom",
        "description": "Zoom meetings, webinars, users, recordings, reports, Team Chat and Phone.",
        "versions": [__version__],
        "integrations": [
            {
                "integration-name": INTEGRATION,
                "external-doc-url": "https://developers.zoom.us/docs/api/",
                "tags": ["service"],
            }
        ],
        "hooks": _modules("airflow_provider_zoom.hooks.zoom"),
        "operators": _modules(
            "airflow_provider_zoom.operators.api",
            "airflow_provider_zoom.operators.chat",
            "airflow_provider_zoom.operators.meetings",
            "airflow_provider_zoom.operators.recordings",
            "airflow_provider_zoom.operators.registrants",
            "airflow_provider_zoom.operators.reports",
            "airflow_provider_zoom.operators.users",
            "airflow_provider_zoom.operators.webinars",
            "airflow_provider_zoom.operators.account",
            "airflow_provider_zoom.operators.ai",
            "airflow_provider_zoom.operators.archiving",
            "airflow_provider_zoom.operators.download_links",
            "airflow_provider_zoom.operators.panelists",
            "airflow_provider_zoom.operators.phone",
            "airflow_provider_zoom.operators.polls",
        ),
        "sensors": _modules("airflow_provider_zoom.sensors.zoom"),
        "triggers": _modules(
            "airflow_provider_zoom.triggers.zoom",
            "airflow_provider_zoom.triggers.websocket",
            "airflow_provider_zoom.triggers.polling",
        ),
        "transfers": [
            {
                "source-integration-name": INTEGRATION,
                "target-integration-name": "Common IO",
                "python-module": "airflow_provider_zoom.transfers.recordings",
            },
            {
                "source-integration-name": INTEGRATION,
                "target-integration-name": "Common IO",
                "python-module": "airflow_provider_zoom.transfers.reports",
            },
            {
                "source-integration-name": INTEGRATION,
                "target-integration-name": "Common IO",
                "python-module": "airflow_provider_zoom.transfers.archives",
            },
            {
                "source-integration-name": INTEGRATION,
                "target-integration-name": "Common IO",
                "python-module": "airflow_provider_zoom.transfers.phone",
            },
        ],
        "notifications": ["airflow_provider_zoom.notifications.chat.ZoomChatNotifier"],
        "connection-types": [ZOOM_CONNECTION_TYPE],
        "extra-links": [
            "airflow_provider_zoom.links.ZoomMeetingLink",
            "airflow_provider_zoom.links.ZoomWebinarLink",
        ],
        "plugins": [
            {
                "name": "zoom_webhooks",
                "plugin-class": "airflow_provider_zoom.webhooks.plugin.ZoomWebhookPlugin",
            }
        ],
        "asset-uris": [
            {
                "schemes": ["zoom"],
                "handler": "airflow_provider_zoom.webhooks.assets.sanitize_uri",
                "factory": "airflow_provider_zoom.webhooks.assets.create_asset",
            }
        ],
    }
