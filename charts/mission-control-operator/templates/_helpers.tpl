{{/* The release's full name: <release>-mission-control-operator, or just the release name when it already says so. */}}
{{- define "mco.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "mco.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "mco.labels" -}}
{{ include "mco.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "mco.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "mco.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "mco.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* The generated RBAC rules (hack/chart-rbac.py writes files/rbac-rules.yaml from the operator build). */}}
{{- define "mco.rules" -}}
{{- $rules := .Files.Get "files/rbac-rules.yaml" | fromYaml -}}
{{- if not $rules.namespaced -}}
{{- fail "files/rbac-rules.yaml has no rules: run `make chart`" -}}
{{- end -}}
{{- toYaml $rules -}}
{{- end -}}

{{/*
The watched namespaces must exist: the chart binds a Role in each and never creates or owns a namespace (uninstalling
would delete it with everything in it). Checked while Helm renders, so a missing namespace fails the install or upgrade
before any object is written. `lookup` answers only when Helm talks to a cluster (not `helm template` or a client dry
run): the check applies when kube-system, present in every cluster, is seen.
*/}}
{{- define "mco.requireWatchNamespaces" -}}
{{- if and .Values.watchNamespaces (lookup "v1" "Namespace" "" "kube-system") -}}
{{- $missing := list -}}
{{- range .Values.watchNamespaces -}}
{{- if not (lookup "v1" "Namespace" "" .) -}}{{- $missing = append $missing . -}}{{- end -}}
{{- end -}}
{{- if $missing -}}
{{- $create := list -}}
{{- range $missing -}}{{- $create = append $create (printf "kubectl create namespace %s" .) -}}{{- end -}}
{{- fail (printf "watchNamespaces: the namespace(s) %s do not exist; create them first (%s) and run the command again. The chart binds a Role in each watched namespace and does not create namespaces; nothing was changed." (join ", " $missing) (join " && " $create)) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Whether the cluster serves a Prometheus Operator kind ("ServiceMonitor", "PrometheusRule"): without its CRD the object is skipped (NOTES.txt says so) instead of failing the release. */}}
{{- define "mco.hasMonitoringKind" -}}
{{- if .root.Capabilities.APIVersions.Has (printf "monitoring.coreos.com/v1/%s" .kind) -}}true{{- end -}}
{{- end -}}
