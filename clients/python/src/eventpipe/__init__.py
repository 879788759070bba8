"""eventpipe: publish the pipeline's events (requests, generations, billing, activity, queue samples, custom
events) from Python services to Kafka, as the same JSON the Java producers and the aggregator agree on.

    from eventpipe import EventPublisher, EventMiddleware
    pub = EventPublisher(bootstrap="h:p", service="api")
    app.add_middleware(EventMiddleware, publisher=pub)

The Celery integration lives in ``eventpipe.celery_events`` (imported on use, so FastAPI services need no Celery).
"""

from .config import PublisherSettings
from .middleware import EventMiddleware
from .publisher import EventPublisher, PublisherStats
from .routes import RouteTemplates
from .validation import InvalidEventError

__all__ = ["EventMiddleware", "EventPublisher", "InvalidEventError", "PublisherSettings", "PublisherStats",
           "RouteTemplates"]
