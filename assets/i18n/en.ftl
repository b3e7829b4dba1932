# English: the reference catalog. Every other language is measured against
# these ids (`helpline doctor` reports each catalog's coverage); a message a
# language lacks is shown in English.

## The login screen
login-title = helpline · sign in
login-database = Database:
login-username = User name
login-password = Password
login-checking = Checking…
login-need-username = Type your user name.
login-need-password = Type your password.
login-hint-submit = log in
login-hint-next-field = next field
login-hint-quit = quit
login-hint-language = language

## Pane tabs: the full title, a short one for narrow screens and a tiny one
## for a supervisor's ten tabs at 80 columns.
pane-intake = Intake
pane-intake-short = Intake
pane-intake-tiny = Int
pane-risk = Risk
pane-risk-short = Risk
pane-risk-tiny = Risk
pane-cases = Cases
pane-cases-short = Cases
pane-cases-tiny = Case
pane-referrals = Referrals
pane-referrals-short = Refer
pane-referrals-tiny = Ref
pane-alerts = Alerts
pane-alerts-short = Alerts
pane-alerts-tiny = Alrt
pane-services = Services
pane-services-short = Svc
pane-services-tiny = Svc
pane-reports = Reports
pane-reports-short = Rep
pane-reports-tiny = Rep
pane-follow-ups = Follow-ups
pane-follow-ups-short = Follow
pane-follow-ups-tiny = F-up
pane-wallboard = Wallboard
pane-wallboard-short = Wall
pane-wallboard-tiny = Wall
pane-audit = Audit
pane-audit-short = Audit
pane-audit-tiny = Aud

## The main key-hint line
hint-next-pane = next pane
hint-help = help
hint-logout = log out
hint-quit = quit

## The status bar
role-operator = Operator
role-caseworker = Case worker
role-supervisor = Supervisor
role-admin = Admin
status-on-shift = on shift { $hours }h { $minutes }m
status-no-alerts = ✓ no alerts
status-alerts =
    { $count ->
        [one] ⚠ 1 alert
       *[other] ⚠ { $count } alerts
    }
