# Français

## L'écran de connexion
login-title = helpline · connexion
login-database = Base de données :
login-username = Identifiant
login-password = Mot de passe
login-checking = Vérification…
login-need-username = Saisissez votre identifiant.
login-need-password = Saisissez votre mot de passe.
login-hint-submit = se connecter
login-hint-next-field = champ suivant
login-hint-quit = quitter
login-hint-language = langue

## Onglets des volets
pane-intake = Accueil
pane-intake-short = Accueil
pane-intake-tiny = Acc
pane-risk = Risque
pane-risk-short = Risque
pane-risk-tiny = Risq
pane-cases = Dossiers
pane-cases-short = Dossiers
pane-cases-tiny = Doss
pane-referrals = Orientations
pane-referrals-short = Orient
pane-referrals-tiny = Ori
pane-alerts = Alertes
pane-alerts-short = Alertes
pane-alerts-tiny = Alrt
pane-services = Services
pane-services-short = Serv
pane-services-tiny = Serv
pane-reports = Rapports
pane-reports-short = Rapp
pane-reports-tiny = Rap
pane-follow-ups = Suivis
pane-follow-ups-short = Suivis
pane-follow-ups-tiny = Suiv
pane-wallboard = Tableau
pane-wallboard-short = Tabl
pane-wallboard-tiny = Tab
pane-audit = Journal
pane-audit-short = Journal
pane-audit-tiny = Jrnl

## La ligne des touches
hint-next-pane = volet suivant
hint-help = aide
hint-logout = se déconnecter
hint-quit = quitter

## La barre d'état
role-operator = Écoutant·e
role-caseworker = Chargé·e de dossiers
role-supervisor = Superviseur·e
role-admin = Administrateur·rice
status-on-shift = en poste depuis { $hours } h { $minutes }
status-no-alerts = ✓ aucune alerte
status-alerts =
    { $count ->
        [one] ⚠ 1 alerte
       *[other] ⚠ { $count } alertes
    }
