{{/* Names and labels, one place for all. */}}

{{- define "liaison.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* The name of one component's objects: RELEASE-liaison-COMPONENT. */}}
{{- define "liaison.componentName" -}}
{{- printf "%s-%s" (include "liaison.fullname" .root) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "liaison.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: liaison
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
{{ include "liaison.selectorLabels" . }}
{{- end -}}

{{- define "liaison.selectorLabels" -}}
app.kubernetes.io/name: liaison
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "liaison.image" -}}
{{- $tag := .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- printf "%s/%s:%s" .root.Values.image.registry .component $tag -}}
{{- end -}}

{{- define "liaison.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- .Values.serviceAccount.name | default (include "liaison.fullname" .) -}}
{{- else -}}
{{- .Values.serviceAccount.name | default "default" -}}
{{- end -}}
{{- end -}}

{{/* The address other components reach a component at. */}}
{{- define "liaison.address" -}}
{{- printf "%s:%d" (include "liaison.componentName" .) (int .port) -}}
{{- end -}}

{{/* Secret names: the operator's existing Secret, or the chart's default name for it. */}}
{{- define "liaison.secretName" -}}
{{- .existing | default (printf "%s-%s" (include "liaison.fullname" .root) .default) -}}
{{- end -}}

{{/* Every container: not root, nothing to escalate to, no capability, a read-only root file system. */}}
{{- define "liaison.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}
