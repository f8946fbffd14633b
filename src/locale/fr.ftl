# carnet, en français.

## The desk's pages.

desk-desk = Bureau carnet
desk-event = Événement
desk-participants = Participants
desk-documents = Documents
desk-dates = Dates
desk-venue = Lieu
desk-organiser = Organisateur
desk-folder = Dossier de l’événement
desk-roster = Liste des participants
desk-event-error = Le dossier de l’événement a un problème :
desk-problems = À corriger dans la liste
desk-no-problems = La liste n’a aucun problème.
desk-row = Ligne
desk-column = Colonne
desk-value = Valeur
desk-what = Problème
desk-todo = Que faire
desk-id = Identifiant
desk-name = Nom
desk-organisation = Structure
desk-profile = Profil
desk-group = Atelier
desk-visit = Visite
desk-email = Courriel
desk-no-email = sans courriel
desk-error = erreur
desk-warning = avertissement
desk-booklet = Carnet
desk-badge = Badge
desk-badges = Badges
desk-grid = Grille
desk-attendance = Feuilles d’émargement
desk-page = page
desk-live = Cette page se met à jour quand un fichier de l’événement change.
desk-people = participants
desk-unknown = Aucun participant n’a cet identifiant.
desk-build = Construire
desk-start-build = Construire le dossier
desk-building = Construction en cours :
desk-built = Dossier construit :
desk-download = Télécharger
desk-build-failed = La construction s’est arrêtée :
desk-booklets = carnets
desk-warnings = avertissements
desk-see-report = voir report.txt dans le dossier
desk-mail = Courriels
desk-preparing = Préparation des messages…
desk-sending = Envoi en cours :
desk-send-stopped = L’envoi s’est arrêté :
desk-sent = Envoi terminé : tous les messages sont partis.
desk-review-stopped = La préparation a trouvé un problème :
desk-changed-since = Des fichiers de l’événement ont changé depuis : préparez les messages à nouveau avant d’envoyer.
desk-to-send = messages à envoyer, écrits dans la boîte d’envoi (dist/outbox).
desk-nothing-sent = Rien n’a été envoyé.
desk-from = Expéditeur :
desk-recipient = Destinataire
desk-subject = Objet
desk-attachments = Pièces jointes
desk-with-html = Avec une version HTML.
desk-nothing-to-send = Rien à envoyer : le journal dit que chacun a reçu son carnet.
desk-prepare = Préparer les messages (sans envoyer)
desk-send = Envoyer
desk-smtp-server = Serveur d’envoi (SMTP)
desk-smtp-help = smtps://hôte:465 (TLS) ou smtp://hôte:587?tls=required (STARTTLS) ; smtp:// sans chiffrement seulement vers cette machine.
desk-login-held = L’identifiant saisi sur cette page est gardé en mémoire jusqu’à l’arrêt du bureau ; il n’est écrit nulle part.
desk-login-environment = L’identifiant vient de l’environnement (CARNET_SMTP_USER, CARNET_SMTP_PASSWORD).
desk-user = Utilisateur
desk-password = Mot de passe
desk-login-typed = Laissez vide pour un serveur sans identifiant. Gardé en mémoire pour cette session seulement, jamais écrit ni affiché.
desk-per-minute = Messages par minute, au plus
desk-send-now = Envoyer les messages
desk-forget = Oublier l’identifiant

## Comment la ligne de commande dit un problème : « erreur : inscrits.xlsx,
## feuille Inscrits, ligne 12, colonne Email : "x@" : … », puis « conseil : … ».

level-error = erreur
level-warning = avertissement
level-hint = conseil
colon = {" : "}
at-sheet = feuille { $sheet }
at-row = ligne { $row }
at-column = colonne { $column }
problems-to-fix = { $count ->
    [one] 1 problème à corriger ; rien n’a été écrit.
   *[other] { $count } problèmes à corriger ; rien n’a été écrit.
}
