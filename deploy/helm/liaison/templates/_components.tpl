{{/*
The components, in one table: what each listens on, which values block
configures it, whether it has a database (and so a migrate init
container), and whether it calls LinkedIn. Every template ranges over it.
*/}}
{{- define "liaison.components" -}}
policy: {values: policy, port: 9101, protocol: grpc, database: true, linkedin: false, enabled: true}
consent: {values: consent, port: 9102, protocol: grpc, database: true, linkedin: true, enabled: true}
contact-sync: {values: contactSync, port: 9103, protocol: grpc, database: true, linkedin: true, enabled: true}
profile-card: {values: profileCard, port: 9104, protocol: grpc, database: false, linkedin: true, enabled: true}
gateway: {values: gateway, port: 8080, protocol: http, database: false, linkedin: false, enabled: true}
linkedin-sim: {values: simulator, port: 8090, protocol: http, database: false, linkedin: false, enabled: {{ .Values.simulator.enabled }}}
{{- end -}}

{{/* The services that sign calls to each other with their own keys. */}}
{{- define "liaison.signers" -}}
[policy, consent, contact-sync, profile-card]
{{- end -}}
