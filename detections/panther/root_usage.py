"""trailproof's root-usage rule in Panther's format: the CIS condition, run as Python (docs/panther.md)."""


def rule(event):
    # CIS AWS Foundations 4.3: the root identity, not a service acting for it, not an AWS service event.
    return (
        event.deep_get("userIdentity", "type") == "Root"
        and event.deep_get("userIdentity", "invokedBy") is None
        and event.get("eventType") != "AwsServiceEvent"
    )


def title(event):
    account = event.get("recipientAccountId") or event.deep_get("userIdentity", "accountId", default="<unknown account>")
    return f"root user called {event.get('eventName', '<unknown>')} in {account}"


def dedup(event):
    return event.get("sourceIPAddress") or "<UNKNOWN_IP>"
