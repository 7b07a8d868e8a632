{{- define "bidding.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}{{ .Release.Name | trunc 63 | trimSuffix "-" }}{{- else -}}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}{{- end -}}
{{- end -}}

{{- define "bidding.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "bidding.selector" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: silo
{{- end -}}

{{- define "bidding.secretName" -}}
{{- default (include "bidding.fullname" .) .Values.secrets.existingSecret -}}
{{- end -}}

{{- /* Orleans' ClusterId: cluster.clusterId, or the release's full name. */ -}}
{{- define "bidding.clusterId" -}}
{{- default (include "bidding.fullname" .) .Values.cluster.clusterId -}}
{{- end -}}

{{- define "bidding.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "bidding.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}
