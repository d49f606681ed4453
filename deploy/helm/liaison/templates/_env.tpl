{{/*
Each component's settings, as the LIAISON_* variables its binary reads
(`liaison-NAME serve --help` lists them). Secrets come from Secrets, as
files (keys) or through secretKeyRef (DSNs, the client secret).
*/}}
{{- define "liaison.env" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $c := .component -}}
- name: LIAISON_LOG_LEVEL
  value: {{ $v.logLevel | quote }}
{{- if $v.telemetry.otlpEndpoint }}
- name: LIAISON_OTLP_ENDPOINT
  value: {{ $v.telemetry.otlpEndpoint | quote }}
- name: LIAISON_TRACE_SAMPLE_RATIO
  value: {{ $v.telemetry.sampleRatio | quote }}
{{- end }}
- name: LIAISON_SHUTDOWN_GRACE
  value: "{{ $v.shutdown.graceSeconds }}s"
{{- if $v.telemetry.metrics.enabled }}
- name: LIAISON_METRICS_ADDR
  value: ":{{ $v.telemetry.metrics.port }}"
{{- end }}
{{- if ne $c "gateway" }}{{ if ne $c "linkedin-sim" }}
- name: LIAISON_GRPC_ADDR
  value: ":{{ .port }}"
- name: LIAISON_SHUTDOWN_DRAIN
  value: "{{ $v.shutdown.drainSeconds }}s"
- name: LIAISON_AUTH_ISSUER
  value: {{ $v.auth.issuer | quote }}
- name: LIAISON_AUTH_AUDIENCE
  value: {{ $v.auth.audience | quote }}
- name: LIAISON_AUTH_JWKS_URL
  value: {{ $v.auth.jwksUrl | quote }}
- name: LIAISON_SERVICE_KEY_FILE
  value: /etc/liaison/service-key/{{ $c }}.pem
- name: LIAISON_TRUSTED_SERVICE_KEYS
  value: /etc/liaison/service-keys
{{- if $v.mtls.enabled }}
- name: LIAISON_HEALTH_ADDR
  value: ":{{ add .port 10 }}"
{{- end }}
{{- end }}{{ end }}
{{- if and $v.mtls.enabled (ne $c "linkedin-sim") }}
- name: LIAISON_TLS_CERT_FILE
  value: /etc/liaison/tls/tls.crt
- name: LIAISON_TLS_KEY_FILE
  value: /etc/liaison/tls/tls.key
- name: LIAISON_TLS_CA_FILE
  value: /etc/liaison/tls/ca.crt
{{- end }}
{{- if .database }}
- name: LIAISON_DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "liaison.secretName" (dict "root" $root "existing" $v.database.existingSecret "default" "database") }}
      key: {{ $c }}
- name: LIAISON_AUTO_MIGRATE
  value: "false"
{{- end }}
{{- $policy := include "liaison.address" (dict "root" $root "component" "policy" "port" 9101) }}
{{- $consent := include "liaison.address" (dict "root" $root "component" "consent" "port" 9102) }}
{{- $contactSync := include "liaison.address" (dict "root" $root "component" "contact-sync" "port" 9103) }}
{{- $profileCard := include "liaison.address" (dict "root" $root "component" "profile-card" "port" 9104) }}
{{- $linkedinURL := $v.linkedin.url }}
{{- $linkedinAPI := $v.linkedin.apiUrl }}
{{- if $v.simulator.enabled }}
{{- $linkedinURL = printf "http://%s" (include "liaison.address" (dict "root" $root "component" "linkedin-sim" "port" 8090)) }}
{{- $linkedinAPI = $linkedinURL }}
{{- end }}
{{- if eq $c "policy" }}
- name: LIAISON_CONTACT_SYNC_ADDR
  value: {{ $contactSync | quote }}
- name: LIAISON_CONSENT_ADDR
  value: {{ $consent | quote }}
{{- else if eq $c "consent" }}
- name: LIAISON_POLICY_ADDR
  value: {{ $policy | quote }}
- name: LIAISON_CALLBACK_URL
  value: {{ $v.consent.callbackUrl | quote }}
- name: LIAISON_REDIRECT_ORIGINS
  value: {{ $v.consent.redirectOrigins | quote }}
- name: LIAISON_TOKEN_KEY_FILE
  value: /etc/liaison/token-key/token.key
{{- include "liaison.linkedinEnv" (dict "root" $root "url" $linkedinURL) }}
{{- else if eq $c "contact-sync" }}
- name: LIAISON_POLICY_ADDR
  value: {{ $policy | quote }}
- name: LIAISON_CONSENT_ADDR
  value: {{ $consent | quote }}
- name: LIAISON_LINKEDIN_API_URL
  value: {{ $linkedinAPI | quote }}
- name: LIAISON_WORKERS
  value: {{ $v.contactSync.workers | quote }}
{{- else if eq $c "profile-card" }}
- name: LIAISON_POLICY_ADDR
  value: {{ $policy | quote }}
- name: LIAISON_CONSENT_ADDR
  value: {{ $consent | quote }}
- name: LIAISON_CONTACT_SYNC_ADDR
  value: {{ $contactSync | quote }}
- name: LIAISON_CONNECT_URL
  value: {{ $v.profileCard.connectUrl | quote }}
- name: LIAISON_CACHE_TTL
  value: {{ $v.profileCard.cacheTtl | quote }}
{{- include "liaison.linkedinEnv" (dict "root" $root "url" $linkedinURL) }}
{{- else if eq $c "gateway" }}
- name: LIAISON_HTTP_ADDR
  value: ":{{ .port }}"
- name: LIAISON_SHUTDOWN_DRAIN
  value: "{{ $v.shutdown.drainSeconds }}s"
- name: LIAISON_POLICY_ADDR
  value: {{ $policy | quote }}
- name: LIAISON_CONSENT_ADDR
  value: {{ $consent | quote }}
- name: LIAISON_CONTACT_SYNC_ADDR
  value: {{ $contactSync | quote }}
- name: LIAISON_PROFILE_CARD_ADDR
  value: {{ $profileCard | quote }}
{{- with $v.console.oidc }}
{{- if .issuer }}
- name: LIAISON_CONSOLE_OIDC_ISSUER
  value: {{ .issuer | quote }}
- name: LIAISON_CONSOLE_OIDC_CLIENT_ID
  value: {{ .clientId | quote }}
- name: LIAISON_CONSOLE_OIDC_SCOPES
  value: {{ .scopes | quote }}
- name: LIAISON_CONSOLE_OIDC_AUDIENCE
  value: {{ .audience | quote }}
- name: LIAISON_CONSOLE_OIDC_ORIGINS
  value: {{ .origins | quote }}
{{- end }}
{{- end }}
{{- else if eq $c "linkedin-sim" }}
- name: LIAISON_HTTP_ADDR
  value: ":{{ .port }}"
{{- end }}
{{- with (index $v .values).extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "liaison.linkedinEnv" -}}
{{- $v := .root.Values }}
- name: LIAISON_LINKEDIN_URL
  value: {{ .url | quote }}
- name: LIAISON_LINKEDIN_CLIENT_ID
  value: {{ $v.linkedin.clientId | quote }}
- name: LIAISON_LINKEDIN_CLIENT_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ include "liaison.secretName" (dict "root" .root "existing" $v.linkedin.existingSecret "default" "linkedin") }}
      key: client-secret
{{- end -}}

{{/*
The migrate init container's settings: the database, and what every
command's settings check needs named (it reads no key or certificate, and
none is mounted for it).
*/}}
{{- define "liaison.migrateEnv" -}}
{{- $v := .root.Values -}}
- name: LIAISON_LOG_LEVEL
  value: {{ $v.logLevel | quote }}
- name: LIAISON_DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "liaison.secretName" (dict "root" .root "existing" $v.database.existingSecret "default" "database") }}
      key: {{ .component }}
- name: LIAISON_AUTH_ISSUER
  value: {{ $v.auth.issuer | quote }}
- name: LIAISON_AUTH_AUDIENCE
  value: {{ $v.auth.audience | quote }}
- name: LIAISON_SERVICE_KEY_FILE
  value: /etc/liaison/service-key/{{ .component }}.pem
{{- end -}}
