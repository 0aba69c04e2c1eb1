"""Privacy: the data subject's rights and the register's retention (GDPR, arkivloven).

Who has looked at a person's data (access report), a person's data export (article 15),
deletion where the law allows, the anonymisation of closed cases after the retention period,
and the administrators' audit-log pages.
"""
