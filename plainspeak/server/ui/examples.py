"""Real-looking customer copy to try the review UI on (label, text, format)."""

from __future__ import annotations

EXAMPLES: list[tuple[str, str, str]] = [
    (
        "Bank notice",
        (
            "Dear Customer,\n\n"
            "We regret to inform you that, pursuant to the terms and conditions of your account, a monthly "
            "maintenance fee of $12.00 will be applied commencing 1 March. In order to facilitate the waiver of "
            "this fee, please ensure that your average daily balance is in excess of $1,500. Should you require "
            "further assistance, do not hesitate to contact us at your earliest convenience.\n\n"
            "Kind regards,\nNorthbridge Bank"
        ),
        "text",
    ),
    (
        "Telecom hold message",
        (
            "Thank you for contacting Telco Direct. Your call is important to us. Due to high call volumes, we are "
            "currently unable to take your call at this time. Please be advised that wait times may be longer "
            "than usual. In the event that your query relates to billing, we would advise you to utilize our "
            "online portal going forward."
        ),
        "text",
    ),
    (
        "Policy refusal",
        (
            "## About your claim\n\n"
            "Following a review of your claim, we are unable to approve the reimbursement requested, as the "
            "expenses were incurred prior to the commencement of your policy. It is not possible for us to "
            "make an exception in this instance. You may submit an appeal within 30 days. We endeavour to "
            "respond to all appeals in a timely manner."
        ),
        "markdown",
    ),
    (
        "HTML email with placeholders",
        (
            "<p>Hi {{first_name}},</p>\n"
            "<p>We would like to take this opportunity to inform you that your subscription to "
            "<strong>{{plan_name}}</strong> will be renewed on {{renewal_date}}. In the event that you wish to "
            "terminate your subscription, you are required to notify us prior to that date.</p>\n"
            '<p>Please do not hesitate to <a href="{{account_url}}">utilize your account page</a> to '
            "facilitate any changes.</p>"
        ),
        "html",
    ),
]
