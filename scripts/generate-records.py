#!/usr/bin/env python3
"""Generate a fictional qaledger records repository.

Writes qaledger.toml and records/ for a made-up council (Northshire): staff,
supervision, practice audits, complaints (with service enquiries and
compliments), Learning From actions and specialist reviews. References resolve
both ways, dates follow the order SPEC §7 requires, and the data is arranged to
be interesting at an as-of of the end date (2025-06-30 by default): overdue
acknowledgements, responses, learning forms, actions, moderations and
supervision, an AMHP approval about to expire, an ombudsman remedy due.

    python3 scripts/generate-records.py --out DIR [--records N] [--seed S]
        [--start 2023-04-01] [--end 2025-06-30] [--invalid-percent P]
        [--name "Northshire County Council"] [--code E99000001]

--name and --code make another fictional council (examples/benchmarking has two): the name
goes into qaledger.toml and, by its first word, the staff email domain (`northshire.example`);
the code is `[organisation] code`, which `qaledger export` writes on every row.

Standard library only. Deterministic: the same arguments give the same bytes;
the clock is never read. Everything is fictional: staff names are invented,
the people who draw on care appear only as case references (P + 7 digits), and
no text carries names, addresses, postcodes, phone numbers or email addresses
(only staff records have an `email`).

--invalid-percent P breaks P% of the records in varied ways (unknown field,
bad enum value, missing required field, impossible date, broken reference,
impossible date order, personal data in `notes`), for benchmarks of
`qaledger check`. The personal data is fictional too (a test NHS number, an
Ofcom drama phone number, example.com addresses).
"""

import argparse
import calendar
import datetime as dt
import os
import random
import re
import sys
import unicodedata
from concurrent.futures import ThreadPoolExecutor

DAY = dt.timedelta(days=1)
ORG_NAME = "Northshire County Council"
ORG_CODE = "E99000001"

# --------------------------------------------------------------------------
# Vocabularies (SPEC §3, §4)

THEMES = [
    "safeguarding", "mental-capacity", "communication", "carers", "transitions",
    "record-keeping", "risk-management", "financial-oversight", "hospital-discharge",
    "housing", "equality", "timeliness",
]

THEME_QS = {
    "safeguarding": "QS7", "mental-capacity": "QS1", "communication": "QS3",
    "carers": "QS1", "transitions": "QS6", "record-keeping": "QS8",
    "risk-management": "QS7", "financial-oversight": "QS8",
    "hospital-discharge": "QS6", "housing": "QS4", "equality": "QS3",
    "timeliness": "QS1",
}

# id, name, group, weight (share of practitioners and records)
TEAMS = [
    ("north-locality", "North Locality Team", "north", 22),
    ("coastal-locality", "Coastal Locality Team", "north", 16),
    ("mental-health", "Mental Health Social Work Team", "north", 12),
    ("south-locality", "South Locality Team", "south", 22),
    ("hospital-discharge", "Hospital Discharge Team", "south", 16),
    ("preparing-for-adulthood", "Preparing for Adulthood Team", "south", 12),
]
GROUPS = ["north", "south"]

TIMESCALES = [
    ("complaint_acknowledgement", "3 working days"),
    ("complaint_response", "20 working days"),
    ("service_enquiry_response", "10 working days"),
    ("learning_form", "10 working days"),
    ("audit_moderation", "20 working days"),
    ("impact_review", "3 months"),
    ("review", "6 months"),
    ("amhp_approval", "5 years"),
    ("bia_approval", "1 year"),
    ("due_soon", "14 days"),
]

AUDIT_TYPES = [
    ("persons-journey", 22), ("experiences-and-outcomes", 14), ("thematic", 14),
    ("dip-sample", 22), ("practice-standards-review", 14),
    ("safeguarding-practice-standards-review", 9), ("multi-agency", 5),
]
AUDIT_TOPICS = [
    ("safeguarding", 30), ("mental-capacity", 22), ("risk-management", 16),
    ("financial-oversight", 12), ("transitional-safeguarding", 10), ("other", 10),
]
TOPIC_THEMES = {
    "safeguarding": ["safeguarding"], "mental-capacity": ["mental-capacity"],
    "risk-management": ["risk-management"], "financial-oversight": ["financial-oversight"],
    "transitional-safeguarding": ["transitions", "safeguarding"], "other": [],
}
GRADES = ["outstanding", "good", "requires-improvement", "inadequate"]
CONSULTATION = [
    ("completed", 45), ("declined", 12), ("not-safe", 5),
    ("unable-to-contact", 20), ("not-offered", 18),
]
REVIEW_TYPES = [
    ("sar", 20), ("imr", 12), ("leder", 18), ("malr", 8), ("coroner", 8),
    ("ombudsman", 8), ("cqc", 4), ("external-audit", 11), ("peer-review", 11),
]
# action source.type for an action that came out of a review of this type
REVIEW_SOURCE = {
    "sar": "sar", "imr": "imr", "leder": "leder", "malr": "malr", "coroner": "coroner",
    "cqc": "cqc", "ombudsman": "ombudsman", "peer-review": "peer-review",
    "external-audit": "other",
}
NO_REF_SOURCES = [
    ("observation", 5), ("reflective-presentation", 4), ("people-participation", 5),
    ("training-feedback", 4), ("staff-forum", 4), ("other", 3),
]

# --------------------------------------------------------------------------
# Fictional names (combined at random; any likeness to a real person is chance)

FIRST_NAMES = [
    "Aaliyah", "Adebayo", "Aisha", "Alana", "Alfie", "Amara", "Amir", "Ananya", "Anika",
    "Arjun", "Ayesha", "Bartek", "Beatrice", "Bethan", "Callum", "Camille", "Carys",
    "Chidi", "Chloé", "Ciarán", "Connor", "Dafydd", "Daniela", "Darius", "Deepa",
    "Dominika", "Ebony", "Efe", "Eilidh", "Elif", "Emeka", "Esme", "Faisal", "Farah",
    "Femi", "Fionnuala", "Freya", "Gareth", "Grace", "Hamza", "Hannah", "Harpreet",
    "Hollie", "Ibrahim", "Idris", "Ifeoma", "Imogen", "Isla", "Jamal", "Jasmine",
    "Jaswinder", "Joanna", "Jonah", "Kai", "Kamala", "Keisha", "Kezia", "Kofi",
    "Lachlan", "Leila", "Liam", "Lowri", "Lucía", "Małgorzata", "Marcus", "Maryam",
    "Mateusz", "Megan", "Mehmet", "Mia", "Naledi", "Niamh", "Nikhil", "Nkechi",
    "Olamide", "Oliwia", "Omar", "Oona", "Orla", "Oscar", "Parveen", "Priya", "Rafael",
    "Rahul", "Rashida", "Rhys", "Rosa", "Ruth", "Saanvi", "Sadia", "Samir", "Seren",
    "Shauna", "Siân", "Sipho", "Sofia", "Tamsin", "Tariq", "Thandiwe", "Tomasz",
    "Tobias", "Ugo", "Usha", "Valentina", "Wiktor", "Yasmin", "Yusuf", "Zainab", "Zoë",
    "Zofia",
]
LAST_NAMES = [
    "Abara", "Abiodun", "Adeyemi", "Ahmed", "Akhtar", "Ali", "Allen", "Anand", "Appiah",
    "Asante", "Atkinson", "Bailey", "Banerjee", "Barker", "Begum", "Bell", "Bhatt",
    "Boateng", "Bowen", "Brennan", "Brookes", "Campbell", "Castellano", "Chaudhry",
    "Chen", "Clarke", "Collins", "Costa", "Cunningham", "Dasgupta", "Davies", "Dhillon",
    "Doherty", "Duffy", "Edwards", "Ellis", "Evans", "Farouk", "Fernandes", "Fletcher",
    "Forde", "Gallagher", "Ghosh", "Gill", "Griffiths", "Hall", "Haque", "Harris",
    "Hughes", "Hussain", "Iqbal", "Jackson", "James", "Jenkins", "Johal", "Jones",
    "Kamara", "Kaur", "Kelly", "Khan", "Kowalski", "Lewis", "Lloyd", "Mahmood", "Malik",
    "McCarthy", "McLeod", "Mensah", "Miah", "Morgan", "Murphy", "Nakamura", "Nowak",
    "Nwosu", "O'Brien", "O'Neill", "Okafor", "Okonkwo", "Oyelaran", "Parry", "Patel",
    "Phillips", "Pritchard", "Quinn", "Rahman", "Reid", "Roberts", "Rossi", "Sandhu",
    "Santos", "Shah", "Sharma", "Simmons", "Singh", "Smith", "Sutherland", "Taylor",
    "Thomas", "Tiwari", "Turner", "Uddin", "Vaughan", "Walsh", "Ward", "Watson",
    "Williams", "Wiśniewski", "Wójcik", "Yilmaz", "Young", "Zieliński", "Ashworth-Reid",
]

# --------------------------------------------------------------------------
# Phrase banks. No personal data: people are "the person", "a relative".

STRENGTHS = [
    ("The person's voice is clear throughout the assessment", "communication"),
    ("Strengths-based conversation recorded with the person and their family", None),
    ("Good evidence of joint working with health colleagues", None),
    ("Risks identified early and a proportionate plan agreed", "risk-management"),
    ("Mental capacity assessment is decision-specific and well reasoned", "mental-capacity"),
    ("Carer's needs considered and a carer's assessment offered promptly", "carers"),
    ("Outcomes are specific and written in the person's own words", "communication"),
    ("Timely and proportionate response to the safeguarding concern", "safeguarding"),
    ("Clear rationale for the eligibility decision under the Care Act", None),
    ("Case summary is up to date and easy to follow", "record-keeping"),
    ("Independent advocacy considered and a referral made promptly", "communication"),
    ("Good use of interpreter services", "equality"),
    ("Support plan reviewed within timescale", "timeliness"),
    ("Management oversight recorded at key decision points", "record-keeping"),
    ("Creative use of community resources to meet eligible needs", None),
    ("Charges and contributions explained clearly to the person", "financial-oversight"),
    ("Cultural and religious preferences reflected in the support plan", "equality"),
    ("Reflective, analytical recording that explains the reasoning", "record-keeping"),
    ("Housing options explored with the housing options team", "housing"),
    ("Safe and timely discharge home with reablement in place", "hospital-discharge"),
    ("Preparing for adulthood planning started early with the young person", "transitions"),
    ("Making safeguarding personal: the person's desired outcomes recorded and reviewed", "safeguarding"),
]
IMPROVEMENTS = [
    ("Mental capacity assessment not decision-specific", "mental-capacity"),
    ("Best interests decision does not record the options considered", "mental-capacity"),
    ("No evidence that the person was supported to make their own decision", "mental-capacity"),
    ("Carer's assessment offered late", "carers"),
    ("Carer's own needs not explored separately from the person's", "carers"),
    ("Improve recording of the person's voice", "communication"),
    ("No evidence that independent advocacy was considered", "communication"),
    ("Outcomes in the support plan are generic rather than personal", "record-keeping"),
    ("Chronology missing or out of date", "record-keeping"),
    ("Case notes not written up promptly after visits", "record-keeping"),
    ("Consent to share information not recorded", "record-keeping"),
    ("Management oversight not evidenced at key decision points", "record-keeping"),
    ("Risk assessment not updated after a change in circumstances", "risk-management"),
    ("Contingency plan missing for a known risk of carer breakdown", "risk-management"),
    ("Safeguarding enquiry outcome not shared with the person", "safeguarding"),
    ("Making safeguarding personal: desired outcomes not recorded", "safeguarding"),
    ("Professional curiosity limited when support was declined", "safeguarding"),
    ("Annual review overdue", "timeliness"),
    ("Delay between referral and first contact not explained", "timeliness"),
    ("Transition planning started too late", "transitions"),
    ("Discharge plan not shared with the care provider", "hospital-discharge"),
    ("Housing needs not considered in the assessment", "housing"),
    ("Protected characteristics not recorded", "equality"),
    ("Interpreter not used for the assessment conversation", "equality"),
    ("Financial abuse concerns not escalated", "financial-oversight"),
    ("Rationale for the personal budget not recorded", "financial-oversight"),
    ("Direct payment monitoring not evidenced", "financial-oversight"),
]
CONSULTATION_NOTES = {
    "completed": [
        "Feedback gathered with the person at a review visit.",
        "The person said they felt listened to and that the plan reflects what matters to them.",
        "Feedback was mixed: happy with the care, unhappy with the wait for the assessment.",
        "A relative gave feedback with the person's agreement.",
    ],
    "declined": ["The person did not wish to give feedback.", "Declined; happy with the support."],
    "not-safe": ["Not safe to contact while the safeguarding enquiry is open."],
    "unable-to-contact": ["Three attempts to contact; no reply.", "No response to the feedback letter."],
    "not-offered": ["Not offered: the person lacks capacity to give feedback and has no representative.",
                    "Not offered within the audit window."],
}
AUDIT_NOTES = [
    "Findings shared with the practitioner and their manager.",
    "Part of the quarterly safeguarding dip sample.",
    "Re-audit of this practitioner's cases planned in six months.",
    "Audit completed jointly with a health colleague.",
    "Good example to share at the practice forum.",
    "Case discussed at the practice governance panel.",
]
AUDIT_NOTES_LONG = [
    "Audit completed jointly with the practitioner.\nThey reflected well on the gaps in the capacity assessment\nand agreed to update the record before the next review.",
    "Case chosen at random from the month's closures.\nRecording was strong; the main gap was management oversight\nat the point of closure.",
    "The person gave feedback by video call with support from an advocate.\nTheir main point: they want to be told who their worker is.",
]
MODERATION_NOTES = [
    "Moderator agreed the grade.",
    "Grade lowered: risk assessment gaps outweigh the strengths.",
    "Grade raised after further evidence was found in the case notes.",
    "Agreed at the monthly moderation panel.",
]

COMPLAINT_SUMMARIES = [
    ("Family member unhappy with the delay in completing a needs assessment.", ["timeliness"]),
    ("Complaint about the time taken to arrange a carer's assessment.", ["carers", "timeliness"]),
    ("Person disputes the outcome of their financial assessment and the charges applied.", ["financial-oversight"]),
    ("Concern that the person was discharged from hospital before care was in place.", ["hospital-discharge"]),
    ("Relative reports that calls to the duty team were not returned.", ["communication"]),
    ("Dissatisfied with communication during a safeguarding enquiry.", ["safeguarding", "communication"]),
    ("Complaint that a review meeting was cancelled at short notice.", ["communication", "timeliness"]),
    ("Concern about missed and late home care visits arranged by the council.", ["risk-management"]),
    ("Person felt their views were not listened to in a best interests meeting.", ["mental-capacity", "communication"]),
    ("Complaint about a change of social worker without explanation.", ["communication"]),
    ("Disagreement with the eligibility decision under the Care Act.", []),
    ("No interpreter was arranged for the assessment visit.", ["equality", "communication"]),
    ("Delay in arranging adaptations after an occupational therapy assessment.", ["housing", "timeliness"]),
    ("Complaint about the move from children's to adult services.", ["transitions"]),
    ("Concern about the suitability of temporary accommodation after discharge.", ["housing", "hospital-discharge"]),
    ("Invoice for care charges received without any prior explanation.", ["financial-oversight", "communication"]),
    ("Carer felt unsupported when respite arrangements fell through.", ["carers"]),
    ("Concern that a capacity assessment was completed without the family's input.", ["mental-capacity"]),
    ("Complaint that the support plan was not shared in an accessible format.", ["equality", "communication"]),
    ("Concern about the handling of a deferred payment agreement.", ["financial-oversight"]),
    ("Relative unhappy that a safeguarding concern was closed without contact.", ["safeguarding"]),
]
SERVICE_ENQUIRIES = [
    ("Councillor enquiry on behalf of a resident about the wait for an assessment.", ["timeliness"]),
    ("MP enquiry about progress with a direct payment application.", ["financial-oversight", "timeliness"]),
    ("Enquiry about how a contribution to care costs was calculated.", ["financial-oversight"]),
    ("Request for an update on an occupational therapy referral.", ["timeliness"]),
    ("Councillor enquiry about support for carers in their ward.", ["carers"]),
    ("Enquiry about the council's approach to hospital discharge at weekends.", ["hospital-discharge"]),
    ("MP enquiry about housing-related support after a hospital stay.", ["housing"]),
]
COMPLIMENTS = [
    ("Thanks to the social worker for their patience and clear explanations.", ["communication"]),
    ("Family thanked the team for a quick and safe discharge home.", ["hospital-discharge"]),
    ("Compliment about the kindness shown during a Mental Health Act assessment.", []),
    ("Carer thanked the team for the new support plan and respite arrangements.", ["carers"]),
    ("Praise for the occupational therapist's work on equipment and adaptations.", ["housing"]),
    ("Young person and family thanked the team for support in moving to adult services.", ["transitions"]),
    ("Thanks for arranging an interpreter and taking time to explain the options.", ["equality", "communication"]),
    ("Provider praised the team's joint working during a safeguarding enquiry.", ["safeguarding"]),
]
COMPLAINT_NOTES = [
    "Complainant asked for a meeting, which was offered.",
    "Advocate supporting the complainant.",
    "Response drafted; awaiting sign-off by the group manager.",
    "Complainant prefers contact by letter.",
    "Partly about a commissioned provider; their response was requested.",
]
COMPLAINT_NOTES_LONG = [
    "Meeting held with the complainant and their advocate.\nThe actions agreed at the meeting were confirmed in writing.",
    "Two agencies involved.\nThe health trust is responding to its part of the complaint;\nwe are responding to the social care points.",
    "Complainant unhappy with the first response.\nEscalated to the group manager for a second look before\nreferral to the ombudsman.",
]
OMBUDSMAN_REMEDIES = [
    "Apology, and a payment of £300 for the distress caused by the delay.",
    "Apology and reassessment of needs within four weeks.",
    "Apology, a payment of £150 for time and trouble, and a reminder to staff of the complaints procedure.",
    "Review the charges applied and refund any overpayment.",
]

REVIEW_FINDINGS = {
    "sar": [
        "Agencies did not share information about escalating self-neglect.",
        "Professional curiosity was limited when the person declined support.",
        "No single agency held an overview of risk.",
        "Capacity was assumed rather than assessed when care was declined.",
        "Multi-agency risk management meetings were not convened.",
        "The person's voice was lost among agency processes.",
    ],
    "imr": [
        "Contacts were not always recorded on the case-management system.",
        "Management oversight of the case was not evident.",
        "The safeguarding concern was screened without contacting the person.",
        "Thresholds for escalation were applied inconsistently.",
    ],
    "leder": [
        "Reasonable adjustments for hospital appointments were not consistently made.",
        "The annual health check had not been completed in the preceding year.",
        "Good person-centred support from the care provider.",
        "Hospital passport not shared on admission.",
        "Family carers were not involved in planning.",
    ],
    "malr": [
        "Agencies worked in isolation with no shared risk assessment.",
        "Escalation routes for high-risk cases were unclear.",
        "Housing and social care records told different stories.",
    ],
    "coroner": [
        "Medication information was not shared with the care provider at discharge.",
        "No single plan for managing the risk of falls at home.",
        "Prevention of future deaths report issued; the council must respond.",
    ],
    "ombudsman": [
        "Delay in completing the assessment caused avoidable distress.",
        "The council did not follow its own complaints procedure.",
        "Charges were applied without a clear prior explanation.",
    ],
    "cqc": [
        "People wait too long for an assessment.",
        "Carers report a mixed experience of support.",
        "Strong partnership working with health and the voluntary sector.",
        "Leaders have a clear understanding of risks and priorities.",
        "Learning from feedback is not consistently used to improve services.",
    ],
    "external-audit": [
        "Recording of direct payment monitoring is inconsistent.",
        "Financial assessment decisions are generally well evidenced.",
        "Deferred payment agreements are not reviewed on time.",
    ],
    "peer-review": [
        "Practice is strengths-based but recording does not always show it.",
        "Staff feel well supported and value reflective supervision.",
        "Quality assurance findings are not consistently fed back to teams.",
        "Transitions planning is good where it starts early.",
    ],
}
REVIEW_THEMES = {
    "sar": ["safeguarding", "risk-management"], "imr": ["safeguarding", "record-keeping"],
    "leder": ["equality", "communication"], "malr": ["risk-management", "safeguarding"],
    "coroner": ["hospital-discharge", "risk-management"], "ombudsman": ["timeliness", "communication"],
    "cqc": ["timeliness", "carers"], "external-audit": ["financial-oversight"],
    "peer-review": ["record-keeping"],
}
REVIEW_QS = {
    "sar": ["QS7", "QS9"], "imr": ["QS7"], "leder": ["QS3", "QS4", "QS9"],
    "malr": ["QS5", "QS7"], "coroner": ["QS6", "QS9"], "ombudsman": ["QS9"],
    "cqc": ["QS1", "QS3", "QS8", "QS9"], "external-audit": ["QS8"], "peer-review": ["QS8", "QS9"],
}
REVIEW_NOTES = [
    "Terms of reference agreed by the Safeguarding Adults Board.",
    "Chronologies requested from all agencies.",
    "Draft report shared with the family before publication.",
    "Findings presented to the Quality Assurance Board.",
    "Independent reviewer appointed.",
]

# Learning From templates: themes, quality statements, sources that fit, text variants.
ACTION_TEMPLATES = [
    dict(th=["mental-capacity"], qs=["QS1", "QS7"], src="audit review complaint",
         title=["Decision-specific mental capacity assessments", "Improve the quality of capacity assessments"],
         learning=["Mental capacity assessments are often generic: they do not name the specific decision, the options explained or how the person was supported to decide.",
                   "Capacity was assumed or recorded as a single statement rather than assessed for the decision at hand."],
         action=["Deliver practice workshops on decision-specific capacity assessment and add prompts for each stage of the test to the recording template.",
                 "Principal social worker to issue a practice guide on the two-stage test, with worked examples, and re-audit a sample of assessments."]),
    dict(th=["carers", "timeliness"], qs=["QS1", "QS3"], src="audit complaint review",
         title=["Timely carers' assessments", "Offer carers' assessments at first contact"],
         learning=["Carers' assessments are offered late, often only after a crisis, and the offer is not always recorded.",
                   "Carers told us they did not know they could have an assessment of their own."],
         action=["Add a carers' assessment prompt to the contact form and report monthly on assessments offered within four weeks.",
                 "Refresh the carers' pathway with the carers' centre and brief every team."]),
    dict(th=["communication", "record-keeping"], qs=["QS1"], src="audit complaint compliment",
         title=["Recording the person's voice", "Make the person's views visible in the record"],
         learning=["The person's own words and wishes are not consistently recorded in assessments and support plans.",
                   "Records describe services rather than what matters to the person."],
         action=["Run practice-standard sessions on recording the person's voice and add a 'what matters to me' section to the assessment form.",
                 "Include the person's voice as a standing item in audit feedback and supervision."]),
    dict(th=["hospital-discharge", "communication"], qs=["QS4", "QS6"], src="complaint coroner review audit",
         title=["Sharing discharge plans with providers", "Safer hospital discharge information"],
         learning=["Discharge plans, including medication information, were not always shared with the care provider before the person went home.",
                   "Providers were not told about changes in risk at discharge."],
         action=["Agree a discharge checklist with the trust's discharge hub and audit a monthly sample.",
                 "Add a provider-handover step to the discharge pathway and brief the hospital team."]),
    dict(th=["risk-management"], qs=["QS7"], src="audit review",
         title=["Updating risk assessments after change", "Risk assessments kept current"],
         learning=["Risk assessments were not reviewed after a change in circumstances such as a hospital stay or carer breakdown.",
                   "Contingency plans were missing where a risk of carer breakdown was known."],
         action=["Introduce a risk review trigger in the case-management system after a change of address, admission or carer breakdown.",
                 "Team managers to check risk assessments at every case closure and review point."]),
    dict(th=["record-keeping"], qs=["QS8"], src="audit review",
         title=["Management oversight at case closure", "Evidence management oversight"],
         learning=["Management oversight is not evidenced at key decision points, particularly at case closure.",
                   "Decisions are made in supervision but not recorded on the case."],
         action=["Add a manager sign-off step at closure and check compliance in the monthly dip sample.",
                 "Issue guidance on recording management decisions on the case file."]),
    dict(th=["transitions"], qs=["QS6"], src="audit complaint review",
         title=["Earlier preparing-for-adulthood planning", "Transitions planning from age fourteen"],
         learning=["Planning for the move to adult services started too late, leaving young people and families uncertain.",
                   "Children's and adult services held separate plans for the same young person."],
         action=["Agree a joint transitions protocol with children's services, with referral to the Preparing for Adulthood Team from age fourteen.",
                 "Hold a monthly joint transitions panel and track young people from year nine."]),
    dict(th=["communication", "timeliness"], qs=["QS9"], src="complaint ombudsman",
         title=["Plain-English complaint responses", "Better complaint responses"],
         learning=["Responses did not answer each point raised and used jargon the complainant did not understand.",
                   "Complainants were not kept updated when a response was going to be late."],
         action=["Train investigating managers on writing responses and introduce a response template with a checklist of the points raised.",
                 "Customer relations to send a holding letter whenever a response will miss its timescale."]),
    dict(th=["safeguarding", "communication"], qs=["QS7"], src="complaint audit review",
         title=["Keeping people informed during safeguarding enquiries", "Making safeguarding personal"],
         learning=["People and their families were not told the outcome of safeguarding enquiries, or what happens next.",
                   "Desired outcomes were not recorded at the start of enquiries."],
         action=["Add a step to the enquiry procedure to agree outcomes with the person and confirm the result in writing.",
                 "Dip sample enquiries quarterly for making safeguarding personal and report to the board."]),
    dict(th=["communication"], qs=["QS1", "QS3"], src="audit review",
         title=["Advocacy referrals under the Care Act", "Consider independent advocacy"],
         learning=["There was no evidence that independent advocacy was considered for people with substantial difficulty in being involved.",
                   "Practitioners were unsure of the referral route for advocacy."],
         action=["Circulate the advocacy referral guide and add an advocacy prompt to the assessment form.",
                 "Invite the advocacy provider to team meetings to explain the service."]),
    dict(th=["financial-oversight", "safeguarding"], qs=["QS7", "QS8"], src="audit review",
         title=["Escalating financial abuse concerns", "Financial abuse pathway"],
         learning=["Concerns about financial abuse were noted but not escalated as safeguarding concerns.",
                   "Practitioners lacked confidence in recognising financial abuse."],
         action=["Deliver financial abuse training with the appointeeship team and update the escalation flowchart.",
                 "Add financial abuse to the safeguarding dip-sample tool."]),
    dict(th=["timeliness"], qs=["QS9"], src="complaint audit",
         title=["Complaint acknowledgement within timescale", "Acknowledge complaints on time"],
         learning=["Complaints were acknowledged late when the investigating manager was on leave.",
                   "Acknowledgements were delayed when complaints arrived through councillors."],
         action=["Set up a shared complaints inbox with cover arrangements and a daily check by customer relations.",
                 "Report acknowledgement timeliness monthly to the ASC management team."]),
    dict(th=["equality", "communication"], qs=["QS3"], src="complaint audit review",
         title=["Using interpreters for assessments", "Accessible information and interpreters"],
         learning=["Interpreters were not booked for assessment conversations, so family members interpreted.",
                   "Support plans were not offered in accessible formats."],
         action=["Remind all staff of the interpreting contract and record language needs at first contact.",
                 "Adopt the Accessible Information Standard checklist in assessments."]),
    dict(th=["equality", "record-keeping"], qs=["QS3"], src="audit review",
         title=["Recording protected characteristics", "Equality data in assessments"],
         learning=["Protected characteristics are rarely recorded, so we cannot see whether outcomes differ between groups.",
                   "Equality monitoring fields are left blank in most assessments."],
         action=["Make the equality fields mandatory at assessment and report completion by team each quarter.",
                 "Brief teams on why equality data matters for the CQC assessment."]),
    dict(th=["housing", "hospital-discharge"], qs=["QS4", "QS6"], src="complaint review audit",
         title=["Housing options before discharge", "Joint housing and discharge planning"],
         learning=["Housing needs were identified too late in the discharge process, leading to delays or unsuitable temporary accommodation.",
                   "The housing options team was not involved in complex discharges."],
         action=["Invite housing options to the daily discharge huddle and agree an escalation route.",
                 "Add housing to the discharge assessment checklist."]),
    dict(th=["record-keeping", "safeguarding"], qs=["QS7", "QS8"], src="audit review",
         title=["Chronologies in complex cases", "Keep chronologies up to date"],
         learning=["Chronologies were missing or out of date in complex safeguarding cases, so patterns of risk were missed.",
                   "Each agency kept its own chronology."],
         action=["Issue a chronology template and guidance; team managers to check chronologies in supervision.",
                 "Pilot a shared multi-agency chronology for high-risk cases."]),
    dict(th=["safeguarding", "risk-management"], qs=["QS5", "QS7"], src="sar malr imr review",
         title=["Self-neglect and hoarding pathway", "Multi-agency response to self-neglect"],
         learning=["Agencies did not share information about escalating self-neglect, and no single agency held an overview of risk.",
                   "Professional curiosity was limited when the person declined support."],
         action=["Relaunch the multi-agency self-neglect protocol with the Safeguarding Adults Board and train practitioners in its use.",
                 "Establish a multi-agency risk management meeting for people who decline support and remain at high risk."]),
    dict(th=["equality", "communication"], qs=["QS3", "QS4"], src="leder review",
         title=["Reasonable adjustments for people with a learning disability", "Annual health checks and hospital passports"],
         learning=["Reasonable adjustments for health appointments were not consistently made, and annual health checks were missed.",
                   "Hospital passports were not shared on admission."],
         action=["Work with primary care to check annual health checks at every review and record hospital passports on the case file.",
                 "Add reasonable adjustments to the review template for people with a learning disability."]),
    dict(th=["safeguarding"], qs=["QS9"], src="compliment staff-forum reflective-presentation",
         title=["Sharing good practice from compliments", "Celebrate and spread good practice"],
         learning=["Compliments show what people value: clear explanations, kindness and being kept informed.",
                   "Good practice is not shared beyond the team that receives the compliment."],
         action=["Share a quarterly digest of compliments and the practice behind them at the practice forum.",
                 "Include a good-practice example in each team meeting."]),
    dict(th=["financial-oversight", "communication"], qs=["QS8"], src="complaint review",
         title=["Explaining charges before services start", "Clear information about charges"],
         learning=["People received invoices without a prior explanation of charges or how contributions are calculated.",
                   "Deferred payment agreements were not explained clearly."],
         action=["Give every person a written explanation of charges at assessment and record that it was given.",
                 "Revise the charging leaflet with people who use services."]),
    dict(th=["timeliness"], qs=["QS1", "QS8"], src="cqc review audit",
         title=["Reducing waits for assessment", "Waiting list oversight"],
         learning=["People wait too long for an assessment and are not contacted while they wait.",
                   "There is no consistent risk rating of people waiting."],
         action=["Introduce risk-rated waiting lists with a contact every four weeks and report waits to the performance board.",
                 "Run assessment clinics to reduce the longest waits."]),
    dict(th=["risk-management"], qs=["QS8"], src="observation staff-forum training-feedback",
         title=["Reflective discussion of risk in supervision", "Risk in supervision"],
         learning=["Supervision focuses on caseload numbers rather than reflection on risk.",
                   "Practitioners asked for more reflective space to discuss positive risk-taking."],
         action=["Revise the supervision policy to include a reflective discussion of risk in every session and audit supervision records.",
                 "Launch monthly group reflective supervision for each team."]),
    dict(th=["communication"], qs=["QS9"], src="people-participation observation other",
         title=["Co-producing information with people who use services", "Co-produced letters"],
         learning=["People told the co-production group that our letters are hard to understand.",
                   "Standard letters use legal language that worries people."],
         action=["Rewrite the ten most-used letters with the co-production group.",
                 "Test new letters with the people participation panel before use."]),
    dict(th=["mental-capacity", "record-keeping"], qs=["QS1"], src="training-feedback peer-review other",
         title=["Best interests recording", "Recording best interests decisions"],
         learning=["Best interests decisions do not record the options considered or the views of those consulted.",
                   "Training feedback showed low confidence in recording best interests decisions."],
         action=["Deliver best interests recording masterclasses and update the template.",
                 "Peer review a sample of best interests decisions each quarter."]),
]
ACTION_STEPS = [
    "Agree the approach with the principal social worker.",
    "Brief team managers at the next management meeting.",
    "Update the practice guidance and the recording template.",
    "Re-audit a sample of cases three months after launch.",
    "Report progress to the Practice Governance Board.",
]
INDIVIDUAL_ACTIONS = [
    "Line manager to discuss the findings in supervision and review the case record within a month.",
    "Practitioner to update the record and complete the relevant e-learning module.",
    "Practitioner to reflect on the findings in supervision; manager to check the next two assessments.",
    "Manager to observe practice at the next review and give feedback.",
]
UPDATE_NOTES = [
    "Workshop dates agreed with the principal social worker.",
    "Template change requested from the case-management system team.",
    "Discussed at team meeting; practitioners briefed.",
    "Draft guidance circulated for comments.",
    "Progress delayed by staff absence; owner confirms the due date still stands.",
    "Awaiting data from the performance team.",
    "First workshop held; good attendance.",
    "Guidance published on the practice hub.",
    "Chased by the quality assurance team.",
    "Update given at the Practice Governance Board.",
    "Revised due date requested; to be considered at the next board.",
    "Discussed in supervision; record updated.",
]
IMPACT_EVIDENCE = {
    "improved": [
        "Re-audit of ten cases found the expected practice in eight.",
        "No repeat complaints on this theme in the following quarter.",
        "Dip sample shows the change embedded in most records.",
        "Performance report shows a steady improvement since the change; compliance rose from 54% to 71%.",
        "Practitioners' feedback and a re-audit both show the new approach in use.",
    ],
    "no-change": [
        "Dip sample showed no change; further action agreed at the board.",
        "Audit grades on this theme are unchanged.",
    ],
    "worse": ["Two further complaints on the same theme; escalated to the ASC management team."],
    "too-early": [
        "Feedback from practitioners was positive; too early to see change in audits.",
        "New template only live for a month; measure again next quarter.",
    ],
}
SUPERVISION_NOTES = [
    "Caseload weighting reviewed.",
    "Reflective discussion on a complex safeguarding case.",
    "Training plan agreed.",
    "Wellbeing check-in; no concerns.",
]
HEADER_COMMENTS = {
    "audit": ["# Practice audit – entered from the audit tool", "# Audit record", "# Dip sample – quarterly"],
    "complaint": ["# Complaint record: keep the summary free of personal details",
                  "# Logged by customer relations"],
    "supervision": ["# Supervision record", "# Entered by the team administrator"],
    "action": ["# Learning From tracker entry", "# Migrated from the Learning From spreadsheet"],
    "review": ["# Specialist review", "# Review record – see the board minutes"],
    "staff": ["# Roster entry", "# Staff record – fictional data"],
}


# --------------------------------------------------------------------------
# Dates and the working-day calendar (SPEC §5)

def add_months(d, n):
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    m += 1
    return dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def month_end(d):
    return dt.date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])


def easter(y):
    a = y % 19
    b, c = divmod(y, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return dt.date(y, month, day + 1)


def first_monday(y, m):
    d = dt.date(y, m, 1)
    return d + (-d.weekday() % 7) * DAY


def last_monday(y, m):
    d = dt.date(y, m, calendar.monthrange(y, m)[1])
    return d - d.weekday() * DAY


def bank_holidays(y):
    """England and Wales bank holidays of year y, by rule plus the known one-offs."""
    days = []
    d = dt.date(y, 1, 1)
    while d.weekday() >= 5:
        d += DAY
    days.append(d)
    e = easter(y)
    days += [e - 2 * DAY, e + DAY]
    days.append({1995: dt.date(1995, 5, 8), 2020: dt.date(2020, 5, 8)}.get(y, first_monday(y, 5)))
    spring = {2002: [dt.date(2002, 6, 3), dt.date(2002, 6, 4)],
              2012: [dt.date(2012, 6, 4), dt.date(2012, 6, 5)],
              2022: [dt.date(2022, 6, 2), dt.date(2022, 6, 3)]}
    days += spring.get(y, [last_monday(y, 5)])
    days.append(last_monday(y, 8))
    xmas = dt.date(y, 12, 25)
    wd = xmas.weekday()
    if wd == 5:      # Saturday: both move to Monday and Tuesday
        days += [dt.date(y, 12, 27), dt.date(y, 12, 28)]
    elif wd == 6:    # Sunday: Boxing Day Monday, Christmas Tuesday
        days += [dt.date(y, 12, 26), dt.date(y, 12, 27)]
    elif wd == 4:    # Friday: Boxing Day moves to Monday
        days += [xmas, dt.date(y, 12, 28)]
    else:
        days += [xmas, dt.date(y, 12, 26)]
    one_off = {1999: [dt.date(1999, 12, 31)], 2011: [dt.date(2011, 4, 29)],
               2022: [dt.date(2022, 9, 19)], 2023: [dt.date(2023, 5, 8)]}
    days += one_off.get(y, [])
    return days


class WorkCalendar:
    def __init__(self, closures):
        self.closures = set(closures)
        self.years = {}
        self.memo = {}
        self.added = {}

    def is_working(self, d):
        w = self.memo.get(d)
        if w is None:
            hol = self.years.get(d.year)
            if hol is None:
                hol = self.years[d.year] = set(bank_holidays(d.year))
            w = self.memo[d] = d.weekday() < 5 and d not in self.closures and d not in hol
        return w

    def add(self, d, n):
        """SPEC §5: the N-th working day after d (d itself is day 0)."""
        key = (d, n)
        r = self.added.get(key)
        if r is None:
            count = 0
            r = d
            while count < n:
                r += DAY
                if self.is_working(r):
                    count += 1
            self.added[key] = r
        return r

    def next_working(self, d):
        while not self.is_working(d):
            d += DAY
        return d

    def prev_working(self, d):
        while not self.is_working(d):
            d -= DAY
        return d


# --------------------------------------------------------------------------
# YAML emission (hand-rolled: plain text as people write it)

class Block(str):
    """Text written as a literal block scalar (`|`)."""


# What a careless note leaks (for --invalid-percent; all fictional): each is one kind of
# personal data `check` must find.
PERSONAL_LEAKS = [
    "Daughter asked for a call back on 07700 900123 about the visit.",
    "Son emailed from j.bloggs@example.com to chase the outcome.",
    "NHS number 943 476 5919 copied in from the case file by mistake.",
    "Lives at NS4 7QT, near the day centre.",
    "National Insurance number AB 12 34 56 C quoted in the letter.",
]


class Flow(list):
    """A list written in flow style: [a, b]."""


class FlowMap(dict):
    """A mapping written in flow style: {a: 1, b: 2}."""


class Raw(str):
    """Written exactly as given (used for deliberately broken values)."""


class Trail:
    """A scalar with a trailing comment."""
    __slots__ = ("v", "c")

    def __init__(self, v, c):
        self.v, self.c = v, c


class Comment:
    """A dict key that is written as a full-line comment."""
    __slots__ = ("text",)

    def __init__(self, text):
        self.text = text


_PLAIN = re.compile(r"[A-Za-z][^\n\t]*\Z")
_RESERVED = {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "~"}


_QCACHE = {}


def qstr(s):
    q = _QCACHE.get(s)
    if q is None:
        q = _QCACHE[s] = _qstr(s)
    return q


def _qstr(s):
    if (_PLAIN.match(s) and ": " not in s and " #" not in s and not s.endswith((":", " "))
            and s.lower() not in _RESERVED):
        return s
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


class DocStyle:
    __slots__ = ("dates", "seq", "n")

    def __init__(self, dates, seq):
        self.dates, self.seq, self.n = dates, seq, 0

    def date(self, d):
        s = d.isoformat()
        mode = self.dates
        if mode == 3:
            self.n += 1
            mode = 1 if self.n % 3 == 0 else 0
        if mode == 1:
            return '"' + s + '"'
        if mode == 2:
            return "'" + s + "'"
        return s


def render(v, ds):
    t = type(v)
    if t is str:
        return qstr(v)
    if t is dt.date:
        return ds.date(v)
    if t is bool:
        return "true" if v else "false"
    if t is int:
        return str(v)
    if t is Rec:
        return v.id
    if t is Raw:
        return str(v)
    if t is Block:
        return qstr(str(v))
    raise TypeError(f"cannot render {t}")


def emit_map(out, m, ind, ds):
    pad = " " * ind
    for k, v in m.items():
        if type(k) is Comment:
            out.append(pad + "# " + k.text)
            continue
        t = type(v)
        if t is FlowMap:
            out.append(f"{pad}{k}: {{" + ", ".join(f"{a}: {render_flow(b, ds)}" for a, b in v.items()) + "}")
        elif t is dict:
            out.append(f"{pad}{k}:")
            emit_map(out, v, ind + 2, ds)
        elif t is Flow or (t is list and not v):
            out.append(f"{pad}{k}: [" + ", ".join(render(x, ds) for x in v) + "]")
        elif t is list:
            out.append(f"{pad}{k}:")
            emit_seq(out, v, ind + ds.seq, ds)
        elif t is Block:
            out.append(f"{pad}{k}: |")
            ip = pad + "  "
            for line in v.split("\n"):
                out.append(ip + line if line else "")
        elif t is Trail:
            out.append(f"{pad}{k}: {render(v.v, ds)}  # {v.c}")
        else:
            out.append(f"{pad}{k}: {render(v, ds)}")


def render_flow(v, ds):
    if type(v) is Flow or type(v) is list:
        return "[" + ", ".join(render(x, ds) for x in v) + "]"
    return render(v, ds)


def emit_seq(out, seq, ind, ds):
    pad = " " * ind
    for x in seq:
        if type(x) is dict:
            sub = []
            emit_map(sub, x, ind + 2, ds)
            sub[0] = pad + "- " + sub[0][ind + 2:]
            out.extend(sub)
        else:
            out.append(pad + "- " + render(x, ds))


# --------------------------------------------------------------------------
# Model

class Rec:
    __slots__ = ("kind", "date", "f", "id", "key", "ds", "header", "crlf")

    def __init__(self, kind, date, f):
        self.kind, self.date, self.f = kind, date, f
        self.id = None
        self.key = None
        self.ds = None
        self.header = None
        self.crlf = False


class Staff:
    __slots__ = ("id", "name", "email", "role", "team", "manager", "started", "left",
                 "interval", "approvals", "notes", "last", "rec", "special")

    def __init__(self, **kw):
        for k in self.__slots__:
            setattr(self, k, kw.get(k))

    def employed(self, d):
        return (self.started is None or self.started <= d) and (self.left is None or d <= self.left)

    def interval_days(self):
        """Supervision interval in days (months counted as 28 for the in-date window)."""
        s = self.interval or ("2 weeks" if self.role == "asye" else "6 weeks")
        n, unit = s.split()
        n = int(n)
        if unit.startswith("week"):
            return 7 * n
        if unit.startswith("month"):
            return 28 * n
        return n


KINDS = {
    "audit": ("audits", "AUD"), "complaint": ("complaints", "CMP"),
    "supervision": ("supervision", "SUP"), "action": ("actions", "ACT"),
    "review": ("reviews", "REV"),
}
MANAGEMENT = ("other", "group-manager", "service-manager", "quality-assurance-manager")


def slug(s):
    s = s.replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("ß", "ss")
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = s.replace("'", "").replace(" ", "-")
    return re.sub(r"[^a-z0-9-]", "", s)


# --------------------------------------------------------------------------
# The generator

class Generator:
    def __init__(self, args):
        self.rng = random.Random(args.seed)
        self.org_name = args.name
        self.org_code = args.code
        self.email_domain = re.sub(r"[^a-z0-9-]", "", args.name.split()[0].lower()) + ".example"
        self.start = args.start
        self.end = args.end
        self.n = args.records
        y = self.end.year if dt.date(self.end.year, 12, 27) <= self.end else self.end.year - 1
        closure = dt.date(y, 12, 27)
        self.cal = WorkCalendar([])
        while not self.cal.is_working(closure):
            closure += DAY
        self.closure = closure
        self.cal = WorkCalendar([closure])
        self.staff = []
        self.by_id = {}
        self.recs = {k: [] for k in KINDS}
        self.team_cum = [sum(t[3] for t in TEAMS[:i + 1]) for i in range(len(TEAMS))]
        self.team_ids = [t[0] for t in TEAMS]
        self.fits = {}

    # ---- random helpers
    def wchoice(self, pairs):
        r = self.rng.random() * sum(w for _, w in pairs)
        for v, w in pairs:
            r -= w
            if r < 0:
                return v
        return pairs[-1][0]

    def rdate(self, a, b):
        if b <= a:
            return a
        return a + int(self.rng.random() * ((b - a).days + 1)) * DAY

    def rwork(self, a, b):
        """A random working day in [a, b] (a if none)."""
        d = self.cal.next_working(self.rdate(a, b))
        if d > b:
            d = self.cal.prev_working(b)
            if d < a:
                return a
        return d

    def team(self):
        return self.rng.choices(self.team_ids, cum_weights=self.team_cum)[0]

    def case_ref(self):
        return "P" + str(self.rng.randint(1000000, 9999999))

    def qs_for(self, themes, base, p=0.75):
        if self.rng.random() > p:
            return None
        qs = list(base) + [THEME_QS[t] for t in themes]
        if self.rng.random() < 0.25:
            qs.append("QS9")
        return Flow(sorted(dict.fromkeys(qs), key=lambda q: int(q[2:])))

    def style(self):
        r = self.rng.random()
        dates = 0 if r < 0.7 else 1 if r < 0.85 else 2 if r < 0.9 else 3
        return DocStyle(dates, 0 if self.rng.random() < 0.15 else 2)

    def maybe_flow(self, items, p=0.7):
        return Flow(items) if self.rng.random() < p else list(items)

    # ---- quotas
    def quotas(self):
        n_staff = max(25, round(self.n * 0.08))
        rest = max(0, self.n - n_staff)
        shares = [("supervision", 20), ("audit", 25), ("complaint", 15), ("action", 25), ("review", 5)]
        total = sum(s for _, s in shares)
        raw = [(k, rest * s / total) for k, s in shares]
        q = {k: int(v) for k, v in raw}
        left = rest - sum(q.values())
        for k, v in sorted(raw, key=lambda kv: (-(kv[1] - int(kv[1])), kv[0]))[:left]:
            q[k] += 1
        q["staff"] = n_staff
        return q

    # ---- staff
    def make_staff(self, n):
        rng, E, S = self.rng, self.end, self.start
        used_names, used_ids, used_emails = {}, {}, {}

        def person(role, team, manager, started, **kw):
            for _ in range(30):
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                if (first, last) not in used_names:
                    break
            used_names[(first, last)] = True
            f, l = slug(first), slug(last)
            bases = [f[0] + l, f[0] + "." + l] if rng.random() < 0.65 else [f[0] + "." + l, f[0] + l]
            sid = next((b for b in bases if b not in used_ids), None)
            k = 2
            while sid is None:
                if bases[0] + str(k) not in used_ids:
                    sid = bases[0] + str(k)
                k += 1
            used_ids[sid] = True
            local = f + "." + l
            k = 2
            while local in used_emails:
                local = f"{f}.{l}{k}"
                k += 1
            used_emails[local] = True
            s = Staff(id=sid, name=f"{first} {last}", email=f"{local}@{self.email_domain}", role=role,
                      team=team, manager=manager, started=started, approvals=[], **kw)
            self.staff.append(s)
            self.by_id[sid] = s
            return s

        def old_start(lo_years, hi_years):
            return self.rwork(S - int(hi_years * 365.25) * DAY, S - int(lo_years * 365.25) * DAY)

        head = person("other", None, None, None,
                      notes="Head of Adult Social Care and principal social worker.")
        self.head = head
        self.gms = {}
        for g in GROUPS:
            self.gms[g] = person("group-manager", None, head.id, old_start(3, 15))
        self.sms = {}
        for tid, _, group, _ in TEAMS:
            self.sms[tid] = person("service-manager", tid, self.gms[group].id, old_start(2, 12))
        self.qam = person("quality-assurance-manager", None, head.id, old_start(1, 8))

        core = [
            ("amhp", "mental-health"), ("amhp", "mental-health"), ("amhp", "mental-health"),
            ("senior-practitioner", "north-locality"), ("senior-practitioner", "south-locality"),
            ("asye", "north-locality"), ("asye", "coastal-locality"), ("bia", "hospital-discharge"),
            ("occupational-therapist", "south-locality"), ("social-worker", "preparing-for-adulthood"),
            ("social-worker", "coastal-locality"), ("social-worker", "north-locality"),
            ("social-worker", "hospital-discharge"), ("social-worker", "south-locality"),
            ("social-care-worker", "north-locality"),
        ]
        role_weights = [("social-worker", 42), ("senior-practitioner", 11), ("social-care-worker", 12),
                        ("occupational-therapist", 9), ("asye", 7), ("amhp", 6), ("bia", 5), ("other", 1)]
        n_pract = max(0, n - len(self.staff))
        self.practitioners = []
        for i in range(n_pract):
            if i < len(core):
                role, team = core[i]
            else:
                role = self.wchoice(role_weights)
                team = "mental-health" if role == "amhp" else self.team()
                if role == "occupational-therapist" and team == "mental-health":
                    team = "south-locality"
            if role == "asye":
                started = self.rwork(max(S, E - 330 * DAY), E - 40 * DAY)
            elif rng.random() < 0.78:
                started = old_start(0.1, 14)
            else:
                started = self.rwork(S, E - 20 * DAY)
            s = person(role, team, self.sms[team].id, started)
            if rng.random() < 0.05 and role != "asye":
                s.interval = rng.choice(["4 weeks", "8 weeks", "1 month", "3 weeks"])
            if rng.random() < 0.03:
                s.notes = rng.choice(["Part-time: three days a week.", "Practice educator.",
                                      "Seconded from the health trust."])
            self.practitioners.append(s)
        if len(self.staff) > 16 and not any(x.interval for x in self.practitioners):
            self.practitioners[-1].interval = "4 weeks"

        # approvals
        amhps = [s for s in self.practitioners if s.role == "amhp"]
        bias = [s for s in self.practitioners if s.role == "bia"]
        self.special_amhp = amhps[0] if amhps else None
        self.special_bia = bias[0] if bias else None
        if self.special_amhp:
            # approved five years before the end: make sure they were here then
            first = add_months(E + 10 * DAY, -60)
            if self.special_amhp.started > first - 30 * DAY:
                self.special_amhp.started = self.cal.prev_working(first - rng.randint(200, 2000) * DAY)
        if self.special_bia and self.special_bia.started > E - 400 * DAY:
            self.special_bia.started = self.cal.prev_working(E - rng.randint(420, 1500) * DAY)
        for s in amhps + [self.sms["mental-health"]]:
            self.amhp_approvals(s, about_to_expire=(s is self.special_amhp))
        for s in bias:
            self.bia_approvals(s, overdue=(s is self.special_bia))
        others = [s for s in self.practitioners if s.role in ("social-worker", "senior-practitioner")]
        for s in others[1:len(others):7]:
            self.bia_approvals(s, overdue=False)
        for s in self.staff:
            if s.approvals and s.started and s.approvals[0]["approved"] < s.started:
                # an approval is granted by this council, so not before the member started
                kind = s.approvals[0]["type"]
                a = self.rwork(s.started + 20 * DAY, E - 5 * DAY)
                ap = {"type": kind, "approved": a}
                if rng.random() < 0.6:
                    ap["expires"] = add_months(a, 60 if kind == "amhp" else 12)
                s.approvals = [ap]

        # leavers
        pool = [s for s in self.practitioners
                if s.role != "asye" and s is not self.special_amhp and s is not self.special_bia]
        n_leave = max(2, round(0.06 * len(self.practitioners))) if len(pool) > 6 else 0
        for s in rng.sample(pool, min(n_leave, len(pool))):
            lo = max(s.started + 60 * DAY, S + 30 * DAY)
            hi = E - 10 * DAY
            if lo < hi:
                s.left = self.rwork(lo, hi)
                if rng.random() < 0.5:
                    s.notes = rng.choice(["Left the council; caseload reallocated.",
                                          "Moved to another authority.", "Retired."])

        # indexes
        self.team_pract = {t: [] for t in self.team_ids}
        self.team_senior = {t: [] for t in self.team_ids}
        for s in self.practitioners:
            self.team_pract[s.team].append(s)
            if s.role == "senior-practitioner":
                self.team_senior[s.team].append(s)

    def amhp_approvals(self, s, about_to_expire):
        rng, E = self.rng, self.end
        if about_to_expire:
            expires = E + 10 * DAY
            s.approvals.append({"type": "amhp", "approved": add_months(expires, -60), "expires": expires})
            return
        r = rng.random()
        if r < 0.2:
            a0 = self.rdate(E - int(9.5 * 365) * DAY, E - int(5.5 * 365) * DAY)
            e0 = add_months(a0, 60)
            a1 = min(E - 5 * DAY, e0 - rng.randint(0, 60) * DAY)
            s.approvals.append({"type": "amhp", "approved": a0, "expires": e0})
            s.approvals.append({"type": "amhp", "approved": a1, "expires": add_months(a1, 60)})
        else:
            a = self.rdate(E - (5 * 365 - 40) * DAY, E - 30 * DAY)
            ap = {"type": "amhp", "approved": a}
            if r < 0.75:
                ap["expires"] = add_months(a, 60)
            s.approvals.append(ap)

    def bia_approvals(self, s, overdue):
        rng, E = self.rng, self.end
        if overdue:
            s.approvals.append({"type": "bia", "approved": E - 385 * DAY})
            return
        if rng.random() < 0.3:
            s.approvals.append({"type": "bia", "approved": E - rng.randint(380, 700) * DAY})
        a = E - rng.randint(20, 330) * DAY
        ap = {"type": "bia", "approved": a}
        if rng.random() < 0.25:
            ap["expires"] = add_months(a, 12)
        s.approvals.append(ap)

    def staff_rec(self, s):
        rng = self.rng
        f = {"id": s.id, "name": s.name, "email": s.email, "role": s.role}
        if s.team:
            f["team"] = s.team
        if s.manager:
            f["manager"] = s.manager
        if s.started:
            f["started"] = s.started
        if s.left:
            f["left"] = s.left
        if s.interval:
            f["supervision_interval"] = s.interval
            if rng.random() < 0.5:
                f["supervision_interval"] = Trail(s.interval, "agreed with their manager")
        if s.approvals:
            if s.role == "amhp" and rng.random() < 0.3:
                f[Comment("warrant renewed through the AMHP panel")] = None
            f["approvals"] = [dict(a) for a in s.approvals]
        if s.notes:
            f["notes"] = s.notes
        r = Rec("staff", None, f)
        s.rec = r
        r.id = s.id
        return r

    def pick_practitioner(self, team, d):
        rng = self.rng
        pool = self.team_pract.get(team) or self.practitioners
        for _ in range(8):
            s = rng.choice(pool)
            if s.employed(d):
                return s
        for _ in range(20):
            s = rng.choice(self.practitioners)
            if s.employed(d):
                return s
        return None

    # ---- supervision
    def make_supervision(self, quota):
        rng, E, S = self.rng, self.end, self.start
        supervisees = [s for s in self.staff if s.manager]
        current = [s for s in supervisees if s.left is None]
        order = current[:]
        rng.shuffle(order)
        n_overdue = max(2, round(0.12 * len(order)))
        sessions = []
        for s in order:
            if len(sessions) >= quota:
                break
            days = s.interval_days()
            lo = max(S, s.started or S)
            if n_overdue > 0 and s.role not in MANAGEMENT:
                d = self.cal.prev_working(E - (days + rng.randint(3, 45)) * DAY)
                if d >= lo:
                    n_overdue -= 1
                    s.last = d
                    sessions.append((s, d, "held", True))
                    continue
            wlo = max(lo, E - (days - 1) * DAY)
            if wlo > E:
                continue
            d = self.rwork(wlo, E)
            if d < wlo:
                continue
            s.last = d
            sessions.append((s, d, "held", True))
        remaining = quota - len(sessions)
        pool, weights = [], []
        for s in supervisees:
            lo = max(S, s.started or S)
            hi = min(E, s.left or E)
            if s.last:
                hi = min(hi, s.last - DAY)
            if hi > lo + 7 * DAY:
                pool.append((s, lo, hi))
                weights.append((hi - lo).days)
        if pool and remaining > 0:
            for s, lo, hi in rng.choices(pool, weights=weights, k=remaining):
                d = self.rwork(lo, hi)
                sessions.append((s, d, "cancelled" if rng.random() < 0.07 else "held", False))
        for s, d, status, latest in sessions:
            self.recs["supervision"].append(self.supervision_rec(s, d, status, latest))

    def supervisor_for(self, s, stype, d):
        rng = self.rng
        if stype == "amhp" and s is not self.sms["mental-health"]:
            return self.sms["mental-health"].id
        if stype == "bia" and s is not self.qam:
            return self.qam.id
        if stype == "clinical" and s.team:
            seniors = [x for x in self.team_senior[s.team][:6] if x is not s and x.employed(d)]
            if seniors:
                return rng.choice(seniors).id
        return s.manager

    def supervision_rec(self, s, d, status, latest):
        rng = self.rng
        role = s.role
        if role == "amhp":
            stype = self.wchoice([("line-management", 55), ("amhp", 30), ("reflective", 10), ("group", 5)])
        elif role == "bia" or (s.approvals and s.approvals[0]["type"] == "bia" and rng.random() < 0.3):
            stype = self.wchoice([("line-management", 65), ("bia", 25), ("reflective", 10)])
        elif role == "asye":
            stype = self.wchoice([("line-management", 60), ("reflective", 30), ("group", 10)])
        elif role in MANAGEMENT:
            stype = "line-management"
        else:
            stype = self.wchoice([("line-management", 72), ("clinical", 10), ("reflective", 12), ("group", 6)])
        f = {"id": None, "supervisee": s.id, "supervisor": self.supervisor_for(s, stype, d),
             "date": d, "type": stype, "status": status}
        if s.team and rng.random() < 0.6:
            f["team"] = s.team
        if status == "held" and rng.random() < 0.7:
            f["safeguarding_discussed"] = rng.random() < 0.6
        if status == "held" and rng.random() < 0.08:
            nd = d + s.interval_days() * DAY
            f["next_due"] = nd if not latest else max(nd, self.end + DAY)
        if status == "cancelled":
            if rng.random() < 0.6:
                f["notes"] = rng.choice(["Cancelled: supervisor on leave; rebooked.",
                                         "Cancelled because of a Mental Health Act assessment.",
                                         "Cancelled: supervisee off sick."])
        elif rng.random() < 0.08:
            f["notes"] = rng.choice(SUPERVISION_NOTES)
        if rng.random() < 0.12:
            f["quality_statements"] = Flow(["QS8"])
        return Rec("supervision", d, f)

    # ---- audits
    def make_audit(self, plan=None):
        rng, E, S = self.rng, self.end, self.start
        p = plan or {}
        atype = p.get("type") or self.wchoice(AUDIT_TYPES)
        topic = self.wchoice(AUDIT_TOPICS) if atype in ("thematic", "dip-sample") else None
        if "scheduled" in p:
            sched = p["scheduled"]
        elif rng.random() < 0.85:
            sched = self.rwork(S, E + 21 * DAY)
        else:
            sched = None
        status = p.get("status")
        if status is None:
            if sched is None:
                status = "completed"
            elif sched <= E - 30 * DAY:
                status = self.wchoice([("completed", 92), ("cancelled", 5), ("in-progress", 3)])
            elif sched <= E:
                status = self.wchoice([("completed", 50), ("in-progress", 40), ("planned", 10)])
            else:
                status = self.wchoice([("planned", 80), ("in-progress", 20)])
        completed = p.get("completed")
        if status == "completed" and completed is None:
            if sched is None:
                completed = self.rwork(S, E)
            else:
                late = rng.random() < 0.25
                completed = self.cal.next_working(sched + (rng.randint(1, 25) if late else rng.randint(-10, 0)) * DAY)
                if completed > E:
                    completed = self.cal.prev_working(E)
        main = completed or sched
        team = p.get("team") or self.team()
        practitioner = None
        if atype != "multi-agency" or rng.random() < 0.5:
            practitioner = self.pick_practitioner(team, main)
            if practitioner:
                team = practitioner.team
        auditor = self.pick_auditor(team, main, practitioner)
        f = {"id": None, "type": atype}
        if topic:
            f["topic"] = topic
        f["status"] = status
        if atype != "multi-agency" or rng.random() < 0.5:
            f["team"] = team
        if rng.random() < 0.92:
            f["case_ref"] = self.case_ref()
        if practitioner:
            f["practitioner"] = practitioner.id
        f["auditor"] = auditor.id
        if sched:
            f["scheduled"] = sched
        themes = list(TOPIC_THEMES.get(topic, [])) if topic else []
        if status == "completed":
            f["completed"] = completed
            grade = p.get("grade") or self.wchoice([("outstanding", 8), ("good", 50),
                                                     ("requires-improvement", 32), ("inadequate", 10)])
            f["grade"] = grade
            if rng.random() < (0.7 if atype in ("persons-journey", "experiences-and-outcomes") else 0.2):
                outcome = self.wchoice(CONSULTATION)
                c = {"outcome": outcome}
                if rng.random() < 0.5:
                    c["notes"] = rng.choice(CONSULTATION_NOTES[outcome])
                f["consultation"] = FlowMap(c) if len(c) == 1 and rng.random() < 0.5 else c
            n_str = {"outstanding": (2, 4), "good": (1, 4), "requires-improvement": (1, 2),
                     "inadequate": (0, 1)}[grade]
            n_imp = {"outstanding": (0, 1), "good": (0, 2), "requires-improvement": (1, 3),
                     "inadequate": (2, 4)}[grade]
            strengths = rng.sample(STRENGTHS, rng.randint(*n_str))
            imps = self.pick_improvements(themes, rng.randint(*n_imp))
            if strengths:
                f["strengths"] = [s for s, _ in strengths]
            if imps:
                f["improvements"] = [s for s, _ in imps]
                levels = ["individual"]
                if grade in ("requires-improvement", "inadequate") and rng.random() < 0.5:
                    levels.append("collective")
                if grade == "inadequate" and rng.random() < 0.3:
                    levels.append("systemic")
                f["learning_level"] = self.maybe_flow(levels, 0.6)
                for _, th in imps:
                    if th and th not in themes:
                        themes.append(th)
            self.moderation(f, auditor, completed, grade, p.get("moderation"))
        if themes:
            f["themes"] = self.maybe_flow(themes[:3])
        qs = self.qs_for(themes, ["QS1"])
        if qs:
            f["quality_statements"] = qs
        f["actions"] = []
        if rng.random() < 0.15:
            f["notes"] = Block(rng.choice(AUDIT_NOTES_LONG)) if rng.random() < 0.3 else rng.choice(AUDIT_NOTES)
        rec = Rec("audit", min(main, E), f)
        rec.key = {"improvements": imps if status == "completed" else [], "practitioner": practitioner,
                   "team": f.get("team"), "themes": themes}
        self.recs["audit"].append(rec)
        return rec

    def pick_improvements(self, themes, n):
        rng = self.rng
        if n == 0:
            return []
        pool = [x for x in IMPROVEMENTS if x[1] in themes] if themes else []
        out = []
        if pool:
            out.append(rng.choice(pool))
        for x in rng.sample(IMPROVEMENTS, n):
            if len(out) >= n:
                break
            if x not in out:
                out.append(x)
        return out

    def pick_auditor(self, team, d, practitioner):
        rng = self.rng
        cands = [self.qam, self.sms[team]]
        for t in rng.sample(self.team_ids, 3):
            if t != team:
                cands += self.team_senior[t][:3]
        cands += list(self.gms.values())
        weights = [5 if c is self.qam else 4 if c.role == "senior-practitioner" else
                   3 if c.role == "service-manager" else 1 for c in cands]
        for _ in range(10):
            c = rng.choices(cands, weights=weights)[0]
            if c is not practitioner and c.employed(d):
                return c
        return self.qam

    def moderation(self, f, auditor, completed, grade, forced):
        rng, E = self.rng, self.end
        r = rng.random()
        if forced == "pending" or (forced is None and r < 0.45):
            m = {"required": True}
            moderator = rng.choice([self.qam, *self.gms.values()])
            if moderator is auditor:
                moderator = self.head
            if forced != "pending" and rng.random() < 0.88:
                moderated = self.cal.add(completed, rng.randint(2, 28))
                if moderated <= E:
                    m["moderator"] = moderator.id
                    m["moderated"] = moderated
                    ag = grade
                    if rng.random() < 0.12:
                        i = GRADES.index(grade) + rng.choice([-1, 1])
                        ag = GRADES[min(3, max(0, i))]
                    m["agreed_grade"] = ag
                    if ag != grade or rng.random() < 0.2:
                        m["notes"] = (MODERATION_NOTES[1] if GRADES.index(ag) > GRADES.index(grade)
                                      else MODERATION_NOTES[2] if ag != grade
                                      else rng.choice([MODERATION_NOTES[0], MODERATION_NOTES[3]]))
            elif rng.random() < 0.5:
                m["moderator"] = moderator.id
            f["moderation"] = m
        elif r < 0.7:
            f["moderation"] = FlowMap({"required": False}) if rng.random() < 0.5 else {"required": False}

    # ---- complaints
    def make_complaint(self, plan=None):
        rng, E, S, cal = self.rng, self.end, self.start, self.cal
        p = plan or {}
        ctype = p.get("type") or self.wchoice([("complaint", 65), ("service-enquiry", 20), ("compliment", 15)])
        if "received" in p:
            received = p["received"]
        elif rng.random() < 0.9:
            received = self.rwork(S, E)
        else:
            received = self.rdate(S, E)
        team = self.team()
        handler = self.pick_handler(team, received)
        bank = {"complaint": COMPLAINT_SUMMARIES, "service-enquiry": SERVICE_ENQUIRIES,
                "compliment": COMPLIMENTS}[ctype]
        summary, themes = rng.choice(bank)
        themes = list(themes)
        f = {"id": None, "type": ctype, "status": None, "received": received, "team": team,
             "handler": handler.id, "summary": summary}
        if themes and rng.random() < 0.85:
            f["themes"] = self.maybe_flow(themes)
        if ctype != "compliment" and rng.random() < 0.6 or ctype == "compliment" and rng.random() < 0.2:
            f["case_ref"] = self.case_ref()
        rec = Rec("complaint", received, f)
        rec.key = {"themes": themes, "team": team, "handler": handler, "lf": None, "omb": None}
        self.recs["complaint"].append(rec)

        if ctype == "compliment":
            if rng.random() < 0.4:
                f["acknowledged"] = cal.add(received, rng.randint(0, 5))
                if f["acknowledged"] > E:
                    del f["acknowledged"]
            f["status"] = "closed" if received < E - 10 * DAY else "open"
            if f["status"] == "closed" and rng.random() < 0.2:
                f["status"] = "responded"
                f["responded"] = min(E, cal.add(received, rng.randint(1, 10)))
            self.finish_complaint(f, themes)
            return rec

        withdrawn = p.get("status") == "withdrawn" or ("status" not in p and rng.random() < 0.04)
        # acknowledgement
        ack_plan = p.get("ack") or self.wchoice([("ontime", 85), ("late", 12), ("none", 3)])
        if ack_plan == "ontime":
            ack = cal.add(received, rng.randint(0 if cal.is_working(received) else 1, 3))
        elif ack_plan == "exact":
            ack = cal.add(received, 3)
        elif ack_plan == "late":
            ack = cal.add(received, rng.randint(4, 8))
        else:
            ack = None
        if ack and ack > E:
            ack = None
        if ack:
            f["acknowledged"] = ack
        wd = 20 if ctype == "complaint" else 10
        due = cal.add(received, wd)
        if not p and rng.random() < 0.08 and not withdrawn:
            due = cal.add(due, rng.choice([10, 15, 20]))
            f["response_due"] = Trail(due, "extension agreed with the complainant") if rng.random() < 0.6 else due
        resp_plan = p.get("resp") or self.wchoice([("ontime", 72), ("late", 24), ("none", 4)])
        responded = None
        if not withdrawn:
            if resp_plan == "ontime":
                lo = ack or received
                responded = self.rwork(lo + DAY, due) if due > lo else due
            elif resp_plan == "late":
                responded = cal.add(due, rng.randint(1, 25))
            if responded and responded > E:
                responded = None
        if withdrawn:
            f["status"] = "withdrawn"
            if rng.random() < 0.5:
                f["outcome"] = "withdrawn"
            if rng.random() < 0.5:
                f["notes"] = "Withdrawn by the complainant after an informal conversation with the manager."
            self.finish_complaint(f, themes)
            return rec
        if responded is None:
            f["status"] = "open"
            self.finish_complaint(f, themes)
            return rec
        f["responded"] = responded
        if ctype == "complaint":
            outcome = p.get("outcome") or self.wchoice([("upheld", 20), ("partly-upheld", 35),
                                                        ("not-upheld", 35), ("resolved-informally", 10)])
        else:
            outcome = self.wchoice([("resolved-informally", 60), ("upheld", 10), ("not-upheld", 10), (None, 20)])
        if outcome:
            f["outcome"] = outcome
        lf = None
        if ctype == "complaint":
            lf_plan = p.get("lf") or self.wchoice([("ontime", 78), ("late", 15), ("none", 7)])
            if lf_plan == "ontime":
                lf = cal.add(responded, rng.randint(1, 10))
            elif lf_plan == "late":
                lf = cal.add(responded, rng.randint(11, 30))
            if lf and lf > E:
                lf = None
            if lf:
                f["learning_form"] = {"completed": lf, "actions": []}
                rec.key["lf"] = lf
        closed_ok = responded < E - 20 * DAY
        status = p.get("status") or ("closed" if closed_ok and rng.random() < 0.75 else "responded")
        f["status"] = status
        omb = p.get("ombudsman")
        if omb is None and not p and ctype == "complaint" and status == "closed" and outcome != "resolved-informally" \
                and rng.random() < 0.06:
            omb = {}
        if omb is not None:
            self.ombudsman(f, rec, responded, omb)
        self.finish_complaint(f, themes)
        return rec

    def finish_complaint(self, f, themes):
        rng = self.rng
        qs = self.qs_for(themes, ["QS9"], 0.6)
        if qs:
            f["quality_statements"] = qs
        if "notes" not in f and rng.random() < 0.18:
            f["notes"] = Block(rng.choice(COMPLAINT_NOTES_LONG)) if rng.random() < 0.35 else rng.choice(COMPLAINT_NOTES)

    def ombudsman(self, f, rec, responded, plan):
        rng, E, cal = self.rng, self.end, self.cal
        referred = plan.get("referred") or min(E, cal.next_working(responded + rng.randint(20, 120) * DAY))
        o = {"reference": f"{referred.year % 100:02d} {rng.randint(0, 20):03d} {rng.randint(0, 999):03d}",
             "referred": referred}
        decided = plan.get("decided") or cal.next_working(referred + rng.randint(40, 220) * DAY)
        if decided <= E:
            decision = plan.get("decision") or self.wchoice([("fault-injustice", 40), ("fault-no-injustice", 15),
                                                             ("no-fault", 20), ("not-investigated", 25)])
            o["decision"] = decision
            o["decided"] = decided
            if decision == "fault-injustice":
                o["remedy"] = rng.choice(OMBUDSMAN_REMEDIES)
                o["remedy_due"] = plan.get("remedy_due") or add_months(decided, rng.choice([1, 2, 3]))
                if not plan.get("remedy_open"):
                    done = cal.add(decided, rng.randint(5, 60))
                    if done <= E:
                        o["remedy_completed"] = done
                rec.key["omb"] = decided
        f["ombudsman"] = o

    def pick_handler(self, team, d):
        rng = self.rng
        if rng.random() < 0.3:
            seniors = [s for s in self.team_senior[team][:4] if s.employed(d)]
            if seniors:
                return rng.choice(seniors)
        return self.sms[team]

    # ---- reviews
    def make_review(self, plan=None):
        rng, E, S = self.rng, self.end, self.start
        p = plan or {}
        rtype = p.get("type") or self.wchoice(REVIEW_TYPES)
        commissioned = p.get("commissioned") or self.rwork(S, E)
        length = {"coroner": 56, "ombudsman": 90}.get(rtype)
        due = commissioned + length * DAY if length else add_months(commissioned, 6)
        status = p.get("status")
        completed = None
        if status is None:
            took = self.rdate(commissioned + 40 * DAY, add_months(commissioned, 10))
            if rng.random() < 0.05:
                status = "cancelled"
            elif took <= E and rng.random() < 0.88:
                status, completed = "completed", self.cal.prev_working(took)
            else:
                status = "open"
        f = {"id": None, "type": rtype, "status": status}
        team = None
        if rtype not in ("cqc", "peer-review", "external-audit") and rng.random() < 0.7:
            team = self.team()
            f["team"] = team
        if rtype in ("sar", "imr", "leder", "malr", "coroner", "ombudsman"):
            f["case_ref"] = self.case_ref()
        f["lead"] = rng.choice([self.qam, self.qam, *self.gms.values(),
                                self.sms[team] if team else self.head]).id
        f["commissioned"] = commissioned
        if p.get("due") or rng.random() < 0.7:
            f["due"] = p.get("due") or due
        if completed:
            f["completed"] = max(completed, commissioned)
        findings = REVIEW_FINDINGS[rtype]
        n = rng.randint(2, min(5, len(findings))) if status == "completed" else rng.randint(0, 2)
        if n:
            fs = rng.sample(findings, n)
            if status == "open":
                f[Comment("emerging findings, not yet agreed")] = None
            f["findings"] = fs
        themes = REVIEW_THEMES[rtype][:rng.randint(1, 2)]
        f["themes"] = self.maybe_flow(themes)
        qs = self.qs_for([], REVIEW_QS[rtype], 0.85)
        if qs:
            f["quality_statements"] = qs
        f["actions"] = []
        if rng.random() < 0.25:
            f["notes"] = rng.choice(REVIEW_NOTES)
        rec = Rec("review", commissioned, f)
        rec.key = {"team": team, "themes": themes}
        self.recs["review"].append(rec)
        return rec

    # ---- actions
    def source_pools(self):
        E = self.end
        audits, aw = [], []
        for r in self.recs["audit"]:
            if r.f["status"] == "completed" and r.key["improvements"]:
                learned = r.f.get("moderation", {}).get("moderated") or r.f["completed"]
                audits.append((r, learned))
                w = {"outstanding": 0.3, "good": 1, "requires-improvement": 3, "inadequate": 4}[r.f["grade"]]
                aw.append((aw[-1] if aw else 0) + w)
        complaints, compliments, ombudsman = [], [], []
        for r in self.recs["complaint"]:
            if r.f["type"] == "compliment" and r.f["status"] != "open":
                compliments.append((r, r.f["received"] + 14 * DAY))
            elif r.key["lf"]:
                complaints.append((r, r.key["lf"]))
            if r.key["omb"]:
                ombudsman.append((r, r.key["omb"]))
        reviews = []
        for r in self.recs["review"]:
            if r.f["status"] == "completed":
                reviews.append((r, r.f["completed"]))
            elif r.f["status"] == "open" and r.f["commissioned"] + 70 * DAY <= E:
                reviews.append((r, r.f["commissioned"] + 60 * DAY))
        for r, d in reviews:
            if r.f["type"] == "ombudsman":
                ombudsman.append((r, d))
        return {"audit": (audits, aw), "complaint": (complaints, None), "compliment": (compliments, None),
                "ombudsman": (ombudsman, None), "review": (reviews, None)}

    def make_actions(self, quota, scenarios):
        rng = self.rng
        pools = self.source_pools()
        cats = [("audit", 38), ("complaint", 18), ("compliment", 3), ("ombudsman", 2), ("review", 14), ("none", 25)]
        cats = [(c, w) for c, w in cats if c == "none" or pools[c][0]]
        for sc in scenarios:
            self.make_action(pools, sc)
        for _ in range(quota - len(scenarios)):
            self.make_action(pools, {"cat": self.wchoice(cats)})

    def draw_source(self, pools, cat, before=None):
        rng = self.rng
        items, weights = pools[cat]
        if before is not None:
            idx = [i for i, (_, d) in enumerate(items) if d <= before]
            if not idx:
                return None
            i = rng.choice(idx)
            return items[i]
        if weights:
            return rng.choices(items, cum_weights=weights)[0]
        return rng.choice(items)

    def make_action(self, pools, p):
        rng, E, S, cal = self.rng, self.end, self.start, self.cal
        cat = p.get("cat", "audit")
        agreed_date = p.get("agreed")
        src = None
        if cat != "none":
            src = self.draw_source(pools, cat, agreed_date)
            if src is None:
                cat = "none"
        refs = []
        level = None
        if cat == "none":
            stype = self.wchoice(NO_REF_SOURCES)
            learned = self.rdate(S, E - 5 * DAY) if agreed_date is None else agreed_date - rng.randint(5, 40) * DAY
            tpl = self.template_for(stype, [])
            team = self.team() if rng.random() < 0.5 else None
        else:
            srec, learned = src
            refs = [srec]
            if cat == "audit":
                stype = "audit"
                key = srec.key
                if rng.random() < 0.35:
                    level = "individual"
                    imp = rng.choice(key["improvements"])
                    tpl = None
                else:
                    tpl = self.template_for("audit", key["themes"])
                    if rng.random() < 0.12:   # a themed action from two audits
                        other = self.draw_source(pools, "audit")
                        if other[0] is not srec:
                            refs.append(other[0])
                            learned = max(learned, other[1])
                team = key["team"]
            elif cat == "review":
                stype = REVIEW_SOURCE[srec.f["type"]]
                tpl = self.template_for(stype, srec.key["themes"])
                team = srec.key["team"]
            elif cat in ("complaint", "compliment"):
                stype = cat
                tpl = self.template_for(stype, srec.key["themes"])
                team = srec.key["team"]
            else:
                stype = "ombudsman"
                tpl = self.template_for("ombudsman", [])
                team = srec.key["team"]
        # dates and status
        if agreed_date is None:
            agreed_date = cal.next_working(learned + rng.randint(0, 45) * DAY)
        proposed = agreed_date > E
        if proposed:
            created = min(E, max(learned, S))
        else:
            created = agreed_date
        if level is None:
            if stype in ("sar", "imr", "leder", "malr", "coroner", "cqc", "ombudsman"):
                level = self.wchoice([("systemic", 60), ("collective", 40)])
            elif stype == "complaint":
                level = self.wchoice([("collective", 65), ("systemic", 35)])
            else:
                level = self.wchoice([("collective", 65), ("systemic", 35)])
        if "due" in p:
            due = p["due"]
        else:
            due = add_months(created, rng.choice([1, 2, 3, 3, 4, 6, 6, 9]))
            if rng.random() < 0.35:
                due = month_end(due)
        status = p.get("status")
        if proposed:
            status = "proposed"
        if status is None:
            if due < E:
                status = self.wchoice([("completed", 78), ("in-progress", 12), ("agreed", 4), ("cancelled", 6)])
            else:
                status = self.wchoice([("completed", 22), ("in-progress", 50), ("agreed", 22),
                                       ("cancelled", 3), ("proposed", 3)])
        proposed = status == "proposed"
        completed = p.get("completed")
        if status == "completed" and completed is None:
            late = p.get("late", rng.random() < 0.25)
            if late and due + DAY <= E:
                completed = cal.next_working(due + rng.randint(1, 40) * DAY)
            else:
                completed = self.rwork(min(agreed_date + 7 * DAY, due), min(due, E))
            if completed > E:
                completed = cal.prev_working(E)
            if completed < agreed_date:
                completed = agreed_date
        # owner
        owner = self.action_owner(level, team, refs, cat)
        if team is None and owner.team and rng.random() < 0.5:
            team = owner.team
        # text
        if tpl is None:
            title = "Practitioner feedback: " + imp[0][0].lower() + imp[0][1:]
            learning = imp[0] + ". Identified in the case audit and discussed with the practitioner."
            action = rng.choice(INDIVIDUAL_ACTIONS)
            themes = [imp[1]]
            qs = ["QS9"]
        else:
            title = rng.choice(tpl["title"])
            learning = rng.choice(tpl["learning"])
            if rng.random() < 0.12:
                steps = rng.sample(ACTION_STEPS, rng.randint(2, 4))
                action = Block(rng.choice(tpl["action"]) + "\n" + "\n".join("- " + s for s in steps))
            else:
                action = rng.choice(tpl["action"])
            themes = list(tpl["th"])
            qs = list(tpl["qs"])
        f = {"id": None, "title": title, "learning": learning, "action": action}
        src_map = {"type": stype}
        if refs:
            src_map["refs"] = self.maybe_flow(refs, 0.75)
        f["source"] = FlowMap(src_map) if refs and len(refs) == 1 and rng.random() < 0.3 else src_map
        f["level"] = level
        f["owner"] = owner.id
        if team:
            f["team"] = team
        if themes and rng.random() < 0.9:
            f["themes"] = self.maybe_flow(themes)
        if rng.random() < 0.85:
            f["quality_statements"] = Flow(sorted(dict.fromkeys(qs), key=lambda q: int(q[2:])))
        if not proposed:
            forum = p.get("forum") or self.forum(level)
            ag = {"forum": forum, "date": agreed_date}
            f["agreed"] = FlowMap(ag) if rng.random() < 0.3 else ag
        f["due"] = due
        if status in ("in-progress", "agreed") and due < E and rng.random() < 0.4:
            f["due"] = Trail(due, rng.choice(["chased", "owner asked for more time", "escalated to the board"]))
        f["status"] = status
        if completed:
            f["completed"] = completed
            self.impact(f, completed, p.get("impact"))
        self.updates(f, agreed_date if not proposed else None, completed, status)
        if status == "cancelled" and rng.random() < 0.8:
            f["notes"] = rng.choice(["Cancelled: superseded by a wider action on the same theme.",
                                     "Cancelled: the service has been recommissioned.",
                                     "Cancelled by the board; covered by the practice standards review."])
        elif rng.random() < 0.06:
            f["notes"] = "Linked to the practice improvement plan."
        rec = Rec("action", created, f)
        rec.key = {"refs": refs, "stype": stype}
        self.recs["action"].append(rec)
        return rec

    def template_for(self, stype, themes):
        rng = self.rng
        fits = self.fits.get(stype)
        if fits is None:
            exact = [t for t in ACTION_TEMPLATES if stype in t["src"].split()]
            generic = [t for t in ACTION_TEMPLATES if stype in REVIEW_SOURCE.values()
                       and "review" in t["src"].split() and stype not in ("peer-review", "other")]
            fits = self.fits[stype] = (exact, generic)
        exact, generic = fits
        fits = exact if exact and (not generic or rng.random() < 0.7) else (generic or exact)
        if themes:
            better = [t for t in fits if set(t["th"]) & set(themes)]
            if better and rng.random() < 0.8:
                fits = better
        return rng.choice(fits or ACTION_TEMPLATES)

    def forum(self, level):
        if level == "individual":
            return self.wchoice([("case-escalation", 40), ("practice-governance-board", 45), ("other", 15)])
        if level == "collective":
            return self.wchoice([("practice-governance-board", 55), ("quality-assurance-board", 30),
                                 ("asc-management-team", 15)])
        return self.wchoice([("asc-management-team", 35), ("quality-assurance-board", 30),
                             ("performance-management-board", 15), ("practice-governance-board", 20)])

    def action_owner(self, level, team, refs, cat):
        rng = self.rng
        if level == "individual":
            if cat == "audit":
                pr = refs[0].key["practitioner"]
                if pr and pr.left is None and rng.random() < 0.5:
                    return pr
            return self.sms[team] if team else self.qam
        if level == "collective":
            if team:
                seniors = [s for s in self.team_senior[team][:5] if s.left is None]
                r = rng.random()
                if seniors and r < 0.35:
                    return rng.choice(seniors)
                if r < 0.85:
                    return self.sms[team]
            return self.qam
        return rng.choice([*self.gms.values(), self.qam, self.qam, self.head])

    def impact(self, f, completed, plan):
        rng, E = self.rng, self.end
        review_due = add_months(completed, 3)
        imp = {}
        if rng.random() < 0.5 or plan == "overdue":
            imp["review_due"] = review_due
        measured = None
        if plan != "overdue" and review_due <= E and rng.random() < 0.85:
            late = rng.random() < 0.25
            lo, hi = (review_due + DAY, review_due + 30 * DAY) if late else (review_due - 14 * DAY, review_due)
            lo, hi = max(completed, lo), min(E, hi)
            measured = self.rwork(lo, hi) if lo <= hi else None
        elif plan != "overdue" and review_due > E and rng.random() < 0.1:
            measured = self.rwork(completed + 20 * DAY, E) if completed + 20 * DAY <= E else None
        if measured:
            rating = "too-early" if measured < review_due - 5 * DAY else self.wchoice(
                [("improved", 60), ("no-change", 22), ("too-early", 12), ("worse", 6)])
            imp["measured"] = measured
            imp["rating"] = rating
            if rng.random() < 0.8:
                ev = rng.choice(IMPACT_EVIDENCE[rating])
                if rng.random() < 0.2:
                    ev = Block(ev + "\nEvidence reported to the Quality Assurance Board.")
                imp["evidence"] = ev
        if imp:
            f["impact"] = imp

    def updates(self, f, agreed, completed, status):
        rng, E = self.rng, self.end
        if agreed is None or rng.random() < 0.3:
            return
        hi = min(completed or E, E)
        if hi <= agreed:
            return
        n = rng.randint(1, 4)
        dates = sorted(self.rwork(agreed, hi) for _ in range(n))
        ups = []
        for d in dates:
            if rng.random() < 0.2:
                note = Block("\n".join(rng.sample(UPDATE_NOTES, rng.randint(2, 3))))
            else:
                note = rng.choice(UPDATE_NOTES)
            ups.append({"date": d, "note": note})
        if status == "completed" and rng.random() < 0.5 and completed:
            ups.append({"date": completed, "note": "Completed; evidence saved to the Learning From folder."})
        f["updates"] = ups

    # ---- scenarios around the as-of date
    def scenario_complaints(self):
        E, S, cal = self.end, self.start, self.cal
        plans = []
        sat = E - 51 * DAY
        while sat.weekday() != 5:
            sat += DAY
        if sat >= S:
            plans.append({"type": "complaint", "received": sat, "ack": "ontime", "resp": "ontime",
                          "lf": "none", "status": "responded"})
        y = E.year if dt.date(E.year, 12, 23) <= E - 60 * DAY else E.year - 1
        xmas = dt.date(y, 12, 23)
        if xmas >= S:
            plans.append({"type": "complaint", "received": xmas, "ack": "exact", "resp": "late",
                          "lf": "ontime", "status": "closed", "outcome": "partly-upheld"})
        for back, extra in ((9, {"ack": "none", "resp": "none", "status": "open"}),
                            (50, {"ack": "ontime", "resp": "none", "status": "open"})):
            d = cal.prev_working(E - back * DAY)
            if d >= S:
                plans.append(dict({"type": "complaint", "received": d}, **extra))
        d = cal.prev_working(E - 30 * DAY)
        if d >= S:
            plans.append({"type": "service-enquiry", "received": d, "ack": "ontime", "resp": "none",
                          "status": "open"})
        d = cal.prev_working(E - 420 * DAY)
        if d >= S:
            decided = cal.prev_working(E - 25 * DAY)
            plans.append({"type": "complaint", "received": d, "ack": "ontime", "resp": "late", "lf": "ontime",
                          "status": "closed", "outcome": "upheld",
                          "ombudsman": {"referred": cal.add(d, 70), "decided": decided,
                                        "decision": "fault-injustice", "remedy_due": E + 9 * DAY,
                                        "remedy_open": True}})
        plans.append({"type": "complaint", "status": "withdrawn"})
        return plans

    def scenario_audits(self):
        E, cal = self.end, self.cal
        return [
            {"type": "persons-journey", "scheduled": cal.prev_working(E - 12 * DAY), "status": "completed",
             "completed": cal.prev_working(E - 8 * DAY), "moderation": "pending", "grade": "requires-improvement"},
            {"type": "dip-sample", "scheduled": cal.prev_working(E - 75 * DAY), "status": "completed",
             "completed": cal.prev_working(E - 70 * DAY), "moderation": "pending", "grade": "inadequate"},
            {"status": "cancelled", "scheduled": cal.prev_working(E - 200 * DAY)},
            {"status": "in-progress", "scheduled": cal.prev_working(E - 25 * DAY)},
            {"status": "planned", "scheduled": cal.next_working(E + 14 * DAY)},
        ]

    def scenario_actions(self):
        E, S, cal = self.end, self.start, self.cal
        out = []
        y = E.year if dt.date(E.year, 1, 31) <= E - 60 * DAY else E.year - 1
        jan31 = dt.date(y, 1, 31)
        if jan31 >= S + 30 * DAY:
            out.append({"cat": "audit", "agreed": jan31, "due": add_months(jan31, 1), "status": "completed",
                        "completed": cal.next_working(add_months(jan31, 1) + 3 * DAY),
                        "forum": "practice-governance-board"})
        a = cal.prev_working(E - 150 * DAY)
        out.append({"cat": "complaint", "agreed": a, "due": E - 40 * DAY, "status": "in-progress"})
        out.append({"cat": "review", "agreed": cal.prev_working(E - 90 * DAY), "status": "cancelled"})
        a = cal.prev_working(E - 260 * DAY)
        out.append({"cat": "audit", "agreed": a, "due": add_months(a, 2), "status": "completed",
                    "completed": cal.prev_working(add_months(a, 2) - 3 * DAY), "impact": "overdue"})
        a = cal.prev_working(E - 60 * DAY)
        out.append({"cat": "audit", "agreed": a, "due": E + 7 * DAY, "status": "in-progress"})
        return [p for p in out if p["agreed"] >= S]

    def scenario_reviews(self):
        E, cal = self.end, self.cal
        c = cal.prev_working(E - 300 * DAY)
        return [{"type": "sar", "commissioned": c, "due": add_months(c, 6), "status": "open"},
                {"type": "imr", "status": "cancelled"}]

    # ---- the whole run
    def generate(self):
        q = self.quotas()
        self.make_staff(q["staff"])
        staff_recs = [self.staff_rec(s) for s in self.staff]
        for kind, scen, maker in (("audit", self.scenario_audits(), self.make_audit),
                                  ("complaint", self.scenario_complaints(), self.make_complaint),
                                  ("review", self.scenario_reviews(), self.make_review)):
            scen = scen if q[kind] >= 3 * len(scen) else []
            for plan in scen:
                maker(plan)
            for _ in range(q[kind] - len(scen)):
                maker()
        a_scen = self.scenario_actions()
        self.make_actions(q["action"], a_scen if q["action"] >= 3 * len(a_scen) else [])
        self.make_supervision(q["supervision"])
        self.assign_ids()
        self.link_back()
        all_recs = staff_recs + [r for k in KINDS for r in self.recs[k]]
        for r in all_recs:
            self.decorate(r)
        procedure_recs = self.procedure_complaints()
        annual_recs = self.annual_report_complaints(procedure_recs)
        return (all_recs + procedure_recs + annual_recs
                + self.sar_and_retention_records(procedure_recs + annual_recs))

    # ---- complaint procedures (docs/statutory.md): made after every other record, with no draw
    # on the random stream and ids after the last of their year, so every record above keeps
    # its bytes. A statutory complaint banded complex, a corporate one escalated to stage 2 (a
    # different investigator), and a corporate one extended beyond the Code's 10 working days
    # with its reason and the date the complainant was told.
    def procedure_complaints(self):
        E, cal = self.end, self.cal
        teams = sorted(self.sms)
        team, other = teams[0], teams[1]
        handler, investigator = self.sms[team].id, self.sms[other].id
        out = []

        def complaint(received, summary, **f):
            base = {"id": None, "type": "complaint", "status": "open", "received": received,
                    "team": team, "handler": handler, "summary": summary, "themes": ["timeliness"]}
            rec = Rec("complaint", received, {**base, **f})
            rec.ds = DocStyle(0, 2)
            out.append(rec)

        r1 = cal.prev_working(E - 40 * DAY)
        complaint(r1, "The review of a care and support plan took many months to arrange.",
                  procedure="statutory-asc", complexity="complex", acknowledged=cal.add(r1, 2))
        r2 = cal.prev_working(E - 60 * DAY)
        ack2 = cal.add(r2, 3)
        resp2 = cal.add(ack2, 9)
        req2 = cal.add(resp2, 5)
        complaint(r2, "A blue badge application sent with a care assessment was lost.",
                  status="responded", procedure="corporate-lgsco", acknowledged=ack2,
                  responded=resp2, outcome="not-upheld",
                  stage_2={"requested": req2, "investigator": investigator,
                           "acknowledged": cal.add(req2, 2)})
        r3 = cal.prev_working(E - 50 * DAY)
        ack3 = cal.add(r3, 2)
        due3 = cal.add(ack3, 10)
        told = cal.add(ack3, 8)
        complaint(r3, "Missed waste collections at a supported living scheme.",
                  procedure="corporate-lgsco", acknowledged=ack3, response_due=cal.add(due3, 15),
                  due_changes=[{"date": told, "from": due3, "to": cal.add(due3, 15),
                                "reason": "Waiting for the contractor's account.",
                                "complainant_told": told,
                                "beyond_maximum_reason": "The contractor's records were held by its insurer."}])
        return self.number_after(out, [])

    def number_after(self, out, taken):
        """Ids for `out` after the last of their kind and year (of every record and `taken`)."""
        last = {}
        for r in [r for k in KINDS for r in self.recs[k]] + taken:
            y, n = r.date
            last[r.kind, y] = max(last.get((r.kind, y), 0), n)
        for rec in out:
            y = rec.date.year
            n = last[rec.kind, y] = last.get((rec.kind, y), 0) + 1
            rec.id = f"{KINDS[rec.kind][1]}-{y}-{n:04d}"
            rec.f["id"] = rec.id
            rec.date = (y, n)
        return out

    # ---- the annual complaints report (issue 17 section 2): three complaints of the last
    # financial year before the end date under the procedures, each answered and its learning
    # form done well before the end (so nothing new is overdue): a corporate one extended twice
    # (the complainant told each time, 10 working days in all), a statutory one in its band,
    # and a corporate one escalated to stage 2 and upheld there. Made after every other record,
    # with no draw on the random stream and ids after the last of their year (`taken` included).
    def annual_report_complaints(self, taken):
        E, cal = self.end, self.cal
        teams = sorted(self.sms)
        team, other = teams[1], teams[2 % len(teams)]
        handler, investigator = self.sms[team].id, self.sms[other].id
        out = []

        def complaint(received, summary, responded, **f):
            base = {"id": None, "type": "complaint", "status": "closed", "received": received,
                    "team": team, "handler": handler, "summary": summary,
                    "themes": ["communication"]}
            rest = {"responded": responded,
                    "learning_form": {"completed": cal.add(responded, 5)}}
            rec = Rec("complaint", received, {**base, **f, **rest})
            rec.ds = DocStyle(0, 2)
            out.append(rec)

        r1 = cal.prev_working(E - 160 * DAY)
        ack1 = cal.add(r1, 3)
        due1 = cal.add(ack1, 10)
        ext1, ext2 = cal.add(due1, 5), cal.add(due1, 10)
        told1, told2 = cal.add(ack1, 8), cal.add(due1, 3)
        complaint(r1, "Letters about a change to day services did not explain the change.",
                  cal.add(due1, 9), procedure="corporate-lgsco", acknowledged=ack1,
                  response_due=ext2, outcome="partly-upheld",
                  due_changes=[{"date": told1, "from": due1, "to": ext1,
                                "reason": "Waiting for the service's mailing records.",
                                "complainant_told": told1},
                               {"date": told2, "from": ext1, "to": ext2,
                                "reason": "The service manager was on leave.",
                                "complainant_told": told2}])
        r2 = cal.prev_working(E - 145 * DAY)
        complaint(r2, "A reablement visit was cancelled without notice.", cal.add(r2, 24),
                  procedure="statutory-asc", complexity="standard",
                  acknowledged=cal.add(r2, 2), outcome="upheld")
        r3 = cal.prev_working(E - 135 * DAY)
        ack3 = cal.add(r3, 2)
        resp3 = cal.add(ack3, 8)
        req3 = cal.add(resp3, 4)
        ack_s2 = cal.add(req3, 3)
        complaint(r3, "A request for a disabled parking bay near a supported living scheme was refused.",
                  resp3, procedure="corporate-lgsco", acknowledged=ack3, outcome="not-upheld",
                  stage_2={"requested": req3, "investigator": investigator,
                           "acknowledged": ack_s2, "responded": cal.add(ack_s2, 15),
                           "outcome": "upheld"})
        return self.number_after(out, taken)

    # ---- SAR report inputs and retention (docs/statutory.md, docs/retention.md; issue 17
    # sections 3 and 5): made after every other record like the procedure complaints, with no
    # draw on the random stream and ids after the last of their year, so every other record
    # keeps its bytes. A SAR action decided not to be implemented, with its reason (it names the
    # review in `source.refs`; the review's own file is left as it is), and complaints closed
    # long ago: two past the built-in 6-year retention at the end date, one just inside it.
    def sar_and_retention_records(self, taken):
        E, cal = self.end, self.cal
        team = sorted(self.sms)[0]
        handler = self.sms[team].id
        out = []
        sars = [r for r in self.recs["review"]
                if r.f["type"] == "sar" and r.f["status"] == "completed"]
        if sars:
            sar = min(sars, key=lambda r: r.date)
            agreed = cal.prev_working(E - 200 * DAY)
            rec = Rec("action", agreed, {
                "id": None,
                "title": "Joint self-neglect panel with housing",
                "learning": "Housing and social care did not share concerns about self-neglect.",
                "action": "Set up a joint self-neglect panel with the housing service.",
                "source": FlowMap({"type": "sar", "refs": Flow([sar.id])}),
                "level": "systemic",
                "owner": handler,
                "team": team,
                "agreed": FlowMap({"forum": "quality-assurance-board", "date": agreed}),
                "due": cal.add(agreed, 60),
                "status": "not-implemented",
                "not_implemented": {
                    "reason": "The multi-agency risk management meetings already cover self-neglect, so a second panel would duplicate them.",
                    "decided": cal.add(agreed, 40)},
            })
            rec.ds = DocStyle(0, 2)
            out.append(rec)

        def closed(received, responded, summary, outcome):
            rec = Rec("complaint", received, {
                "id": None, "type": "complaint", "status": "closed", "received": received,
                "team": team, "handler": handler, "summary": summary,
                "acknowledged": cal.add(received, 2), "responded": responded,
                "outcome": outcome, "learning_form": FlowMap({"completed": cal.add(responded, 5)})})
            rec.ds = DocStyle(0, 2)
            out.append(rec)

        y6 = E.year - 6
        closed(cal.prev_working(E.replace(year=y6 - 1, month=3, day=1)),
               cal.prev_working(E.replace(year=y6 - 1, month=4, day=12)),
               "Charges for day services were explained late.", "partly-upheld")
        closed(cal.prev_working(E.replace(year=y6, month=1, day=15)),
               cal.prev_working(E.replace(year=y6, month=3, day=1)),
               "A respite stay was cancelled at short notice.", "upheld")
        closed(cal.prev_working(E.replace(year=y6, month=8, day=1)),
               cal.prev_working(E.replace(year=y6, month=9, day=2)),
               "A review meeting was held without the family being told.", "not-upheld")
        return self.number_after(out, taken)

    def assign_ids(self):
        for kind, (folder, prefix) in KINDS.items():
            recs = self.recs[kind]
            order = sorted(range(len(recs)), key=lambda i: (recs[i].date, i))
            seq = {}
            for i in order:
                r = recs[i]
                y = min(r.date, self.end).year
                n = seq[y] = seq.get(y, 0) + 1
                r.id = f"{prefix}-{y}-{n:04d}"
                r.f["id"] = r.id
                r.date = (y, n)

    def link_back(self):
        for a in self.recs["action"]:
            for src in a.key["refs"]:
                if src.kind == "audit" or src.kind == "review":
                    src.f["actions"].append(a)
                elif src.kind == "complaint" and a.key["stype"] in ("complaint", "ombudsman"):
                    lf = src.f.get("learning_form")
                    if lf is not None:
                        lf["actions"].append(a)
        for kind in ("audit", "review", "complaint"):
            for r in self.recs[kind]:
                holder = r.f if kind != "complaint" else r.f.get("learning_form")
                if holder is None:
                    continue
                acts = holder["actions"]
                if not acts:
                    del holder["actions"]
                    continue
                acts.sort(key=lambda a: a.date)
                holder["actions"] = self.maybe_flow(acts, 0.5)
                if kind == "complaint" and len(holder) == 2 and self.rng.random() < 0.3:
                    r.f["learning_form"] = FlowMap({"completed": holder["completed"],
                                                    "actions": Flow(holder["actions"])})

    def decorate(self, r):
        rng = self.rng
        r.ds = self.style()
        if rng.random() < 0.1:
            r.header = rng.choice(HEADER_COMMENTS[r.kind])
        r.crlf = rng.random() < 0.01
        if r.kind == "staff":
            r.date = None

    # ---- invalid records for benchmarks
    def break_records(self, recs, percent):
        rng = self.rng
        n = round(len(recs) * percent / 100)
        if n <= 0:
            return 0
        for r in rng.sample(recs, n):
            self.break_one(r)
        return n

    def break_one(self, r):
        rng, f = self.rng, r.f
        ways = ["typo", "enum", "date", "personal"] + (["missing", "ref", "order"] if r.kind != "staff" else ["missing"])
        way = rng.choice(ways)
        typos = {"responded": "reponded", "received": "recieved", "status": "staus", "completed": "compelted",
                 "supervisor": "supervsior", "owner": "ownr", "themes": "theme", "due": "due_date",
                 "auditor": "auditer", "commissioned": "comissioned", "summary": "summery",
                 "handler": "handeler", "date": "dated", "role": "rol", "learning": "lerning",
                 "team": "teams", "notes": "note", "started": "start_date", "grade": "grading",
                 "level": "levle", "lead": "leed", "type": "typ"}
        if way == "typo":
            keys = [k for k in f if type(k) is str and k in typos]
            k = rng.choice(keys)
            self.rename(r, k, typos[k])
        elif way == "enum":
            bad = {"audit": ("status", "complete"), "complaint": ("status", "resolved"),
                   "action": ("status", "done"), "review": ("status", "closed"),
                   "supervision": ("status", "did-not-attend"), "staff": ("role", "team-manager")}
            k, v = bad[r.kind]
            if rng.random() < 0.3 and r.kind != "staff":
                k, v = "type", {"audit": "Dip sample", "complaint": "concern", "action": "other",
                                "review": "serious-case-review", "supervision": "one-to-one"}[r.kind]
                if r.kind == "action":
                    k, v = "level", "team"
            f[k] = v
        elif way == "missing":
            req = {"audit": ["type", "status", "auditor"], "complaint": ["received", "handler", "summary"],
                   "action": ["title", "owner", "due", "source", "level"], "review": ["commissioned", "type"],
                   "supervision": ["supervisor", "date", "type"], "staff": ["role"]}[r.kind]
            del f[rng.choice([k for k in req if k in f])]
        elif way == "date":
            keys = [k for k, v in f.items() if type(k) is str and type(v) is dt.date]
            bad = rng.choice(["2025-02-30", "2024-13-01", "31/01/2025", "2025-6-3", "2023-04-31"])
            f[rng.choice(keys) if keys else "started"] = Raw(bad)
        elif way == "personal":
            f["notes"] = rng.choice(PERSONAL_LEAKS)
        elif way == "ref":
            if r.kind == "action":
                src = f["source"]
                src["refs"] = Flow([Raw(rng.choice(["AUD-2019-9999", "CMP-2020-0001", "REV-2018-0042"]))])
                src.setdefault("type", "audit")
            elif r.kind == "supervision":
                f["supervisor"] = "nobody"
            elif r.kind == "audit":
                f["auditor"] = "x.unknown"
            elif r.kind == "complaint":
                f["team"] = "west-locality"
            else:
                f["actions"] = Flow([Raw("ACT-2019-0001")])
        elif way == "order":
            if r.kind == "complaint":
                f["acknowledged"] = f["received"] - 3 * DAY
            elif r.kind == "review":
                f["status"] = "completed"
                f["completed"] = f["commissioned"] - 10 * DAY
            elif r.kind == "action":
                ag = f.get("agreed")
                if ag:
                    f["status"] = "completed"
                    f["completed"] = ag["date"] - 5 * DAY
                else:
                    f["status"] = "completed"
            elif r.kind == "audit":
                f["status"] = "completed"
                f.pop("completed", None)
            else:
                leavers = [s for s in self.staff if s.left]
                if leavers:
                    s = rng.choice(leavers)
                    f["supervisee"] = s.id
                    f["date"] = s.left + 7 * DAY
                else:
                    f["supervisee"] = "nobody"

    def rename(self, r, old, new):
        r.f = {(new if k == old else k): v for k, v in r.f.items()}

    # ---- output
    def config_text(self):
        lines = [
            "# qaledger configuration for a fictional council (generated; all data fictional)",
            "",
            "[organisation]",
            f'name = "{self.org_name}"',
            f'code = "{self.org_code}"',
            "",
        ]
        for tid, name, group, _ in TEAMS:
            lines += ["[[team]]", f'id = "{tid}"', f'name = "{name}"', f'group = "{group}"',
                      f'manager = "{self.sms[tid].id}"', ""]
        lines += [
            "[calendar]",
            'holidays = "england-and-wales"',
            f'extra_closures = ["{self.closure.isoformat()}"]   # council closure day between Christmas and New Year',
            "",
            "[timescales]",
        ]
        lines += [f'{k} = "{v}"' for k, v in TIMESCALES]
        lines += [
            "",
            "[supervision]",
            'default = "6 weeks"',
            "",
            "[supervision.roles]",
            'asye = "2 weeks"',
            "",
            "[vocabulary]",
            "themes = [",
        ]
        lines += [f'  "{t}",' for t in THEMES]
        lines += ["]", ""]
        return "\n".join(lines)


def record_text(r):
    out = []
    if r.header:
        out.append(r.header)
    emit_map(out, r.f, 0, r.ds)
    text = "\n".join(out) + "\n"
    return text.replace("\n", "\r\n") if r.crlf else text


def write_files(batch):
    for path, data in batch:
        with open(path, "xb") as fh:
            fh.write(data)


def parse_day(s):
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {s!r}")
    try:
        return dt.date.fromisoformat(s)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"not a valid date: {s!r} ({e})")


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="generate-records.py",
        description="Write a fictional qaledger records repository (qaledger.toml + records/).")
    ap.add_argument("--out", required=True, help="directory to create (must not exist or be empty)")
    ap.add_argument("--records", type=int, default=1000, help="number of records (default 1000)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--start", type=parse_day, default=dt.date(2023, 4, 1), help="first date (default 2023-04-01)")
    ap.add_argument("--end", type=parse_day, default=dt.date(2025, 6, 30),
                    help="last date; the interesting as-of (default 2025-06-30)")
    ap.add_argument("--invalid-percent", type=float, default=0.0,
                    help="percentage of records to make invalid, for benchmarks (default 0)")
    ap.add_argument("--name", default=ORG_NAME, help=f"the council's name (default {ORG_NAME!r})")
    ap.add_argument("--code", default=ORG_CODE,
                    help=f"the council's [organisation] code, e.g. an ONS code (default {ORG_CODE})")
    args = ap.parse_args(argv)
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9 '-]*", args.name):
        ap.error("--name must be letters, digits, spaces, hyphens and apostrophes, starting with a letter")
    if not re.fullmatch(r"[A-Za-z0-9._-]{1,40}", args.code):
        ap.error("--code must be 1-40 ASCII letters, digits, '.', '_' or '-'")

    if args.records < 40:
        ap.error("--records must be at least 40")
    if (args.end - args.start).days < 180:
        ap.error("--end must be at least 180 days after --start")
    if not 0 <= args.invalid_percent <= 100:
        ap.error("--invalid-percent must be between 0 and 100")
    out = args.out
    if os.path.exists(out) and (not os.path.isdir(out) or os.listdir(out)):
        print(f"generate-records.py: error: {out} exists and is not empty; choose a new directory",
              file=sys.stderr)
        return 2

    gen = Generator(args)
    recs = gen.generate()
    broken = gen.break_records(recs, args.invalid_percent) if args.invalid_percent else 0

    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "qaledger.toml"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write(gen.config_text())
    made = {}
    counts = {}
    # Writing 100k small files is bound by the file system: overlap it with the rendering.
    pool = ThreadPoolExecutor(max_workers=4)
    batch = []
    futures = []
    for r in recs:
        if r.kind == "staff":
            d = os.path.join(out, "records", "staff")
            name = r.id
        else:
            folder = KINDS[r.kind][0]
            d = os.path.join(out, "records", folder, r.id[4:8])
            name = r.id
        if d not in made:
            os.makedirs(d, exist_ok=True)
            made[d] = True
        batch.append((os.path.join(d, name + ".yaml"), record_text(r).encode("utf-8")))
        if len(batch) >= 500:
            futures.append(pool.submit(write_files, batch))
            batch = []
            if len(futures) > 16:   # bound the memory held by pending writes
                futures.pop(0).result()
        counts[r.kind] = counts.get(r.kind, 0) + 1
    futures.append(pool.submit(write_files, batch))
    for fut in futures:
        fut.result()
    pool.shutdown()
    order = ["staff", "supervision", "audit", "complaint", "action", "review"]
    summary = ", ".join(f"{k} {counts.get(k, 0)}" for k in order)
    msg = f"wrote {len(recs)} records to {out} ({summary})"
    if broken:
        msg += f"; {broken} made invalid"
    print(msg, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
