{{/* Kept by hand: the helpers the generated templates call. */}}

{{/* A service's image: (list $ "service") -> <registry>/<repository>:<tag> */}}
{{- define "gitops-flow.image" -}}
{{- $root := index . 0 -}}
{{- $service := index . 1 -}}
{{- $image := (index $root.Values.services $service).image | default dict -}}
{{- $registry := $image.registry | default $root.Values.image.registry -}}
{{- $repository := $image.repository | default $service -}}
{{- $tag := $image.tag | default $root.Values.image.tag | default $root.Chart.AppVersion -}}
{{- printf "%s/%s:%s" $registry $repository $tag -}}
{{- end -}}

{{/*
The named values over a ConfigMap's settings (dict "root" $ "service" name "data" settings), in place: the Kafka
bootstrap, the OIDC issuer, the database's host, port and name. Settings a ConfigMap does not have are not added.
*/}}
{{- define "gitops-flow.settings" -}}
{{- $values := .root.Values -}}
{{- $data := .data -}}
{{- if and (hasKey $data "KAFKA_BOOTSTRAP_SERVERS") $values.kafka.bootstrapServers -}}
{{- $_ := set $data "KAFKA_BOOTSTRAP_SERVERS" $values.kafka.bootstrapServers -}}
{{- end -}}
{{- if and (hasKey $data "MP_JWT_VERIFY_ISSUER") $values.oidc.issuer -}}
{{- $_ := set $data "MP_JWT_VERIFY_ISSUER" $values.oidc.issuer -}}
{{- end -}}
{{- $service := index ($values.services | default dict) .service | default dict -}}
{{- $database := $service.database | default dict -}}
{{- if and (hasKey $data "QUARKUS_DATASOURCE_JDBC_URL") (or $values.database.host $database.name) -}}
{{- $name := $database.name | default (regexFind "[^/]+$" (get $data "QUARKUS_DATASOURCE_JDBC_URL")) -}}
{{- $server := printf "%s:%v" ($values.database.host | default "postgresql") $values.database.port -}}
{{- $_ := set $data "QUARKUS_DATASOURCE_JDBC_URL" (printf "jdbc:postgresql://%s/%s" $server $name) -}}
{{- $_ := set $data "QUARKUS_DATASOURCE_REACTIVE_URL" (printf "postgresql://%s/%s" $server $name) -}}
{{- end -}}
{{- end -}}
