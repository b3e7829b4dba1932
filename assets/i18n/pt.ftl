# Português

## O ecrã de entrada
login-title = helpline · entrar
login-database = Base de dados:
login-username = Utilizador
login-password = Palavra-passe
login-checking = A verificar…
login-need-username = Escreva o seu nome de utilizador.
login-need-password = Escreva a sua palavra-passe.
login-hint-submit = entrar
login-hint-next-field = campo seguinte
login-hint-quit = sair
login-hint-language = língua

## Separadores dos painéis
pane-intake = Atendimento
pane-intake-short = Atend
pane-intake-tiny = Atd
pane-risk = Risco
pane-risk-short = Risco
pane-risk-tiny = Risc
pane-cases = Casos
pane-cases-short = Casos
pane-cases-tiny = Caso
pane-referrals = Encaminhamentos
pane-referrals-short = Encam
pane-referrals-tiny = Enc
pane-alerts = Alertas
pane-alerts-short = Alertas
pane-alerts-tiny = Alrt
pane-services = Serviços
pane-services-short = Serv
pane-services-tiny = Serv
pane-reports = Relatórios
pane-reports-short = Relat
pane-reports-tiny = Rel
pane-follow-ups = Seguimentos
pane-follow-ups-short = Seguim
pane-follow-ups-tiny = Seg
pane-wallboard = Painel
pane-wallboard-short = Painel
pane-wallboard-tiny = Pain
pane-audit = Auditoria
pane-audit-short = Audit
pane-audit-tiny = Aud

## A linha de teclas
hint-next-pane = painel seguinte
hint-help = ajuda
hint-logout = terminar sessão
hint-quit = sair

## A barra de estado
role-operator = Operador(a)
role-caseworker = Gestor(a) de casos
role-supervisor = Supervisor(a)
role-admin = Administrador(a)
status-on-shift = no turno há { $hours }h { $minutes }m
status-no-alerts = ✓ sem alertas
status-alerts =
    { $count ->
        [one] ⚠ 1 alerta
       *[other] ⚠ { $count } alertas
    }
