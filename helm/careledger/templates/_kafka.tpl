{{/*
Kafka client security for one app, as Quarkus's kafka.* block in environment variables (README,
Security). Each app logs in as its own principal; its password comes from the app's Secret
(key kafka-password) and the brokers' CA from a ConfigMap, as PEM.
Call with (dict "user" <principal> "secret" <Secret name> "kafka" .Values.kafka).
*/}}
{{- define "careledger.kafkaSecurity" -}}
- { name: KAFKA_SECURITY_PROTOCOL, value: {{ .kafka.securityProtocol | quote }} }
{{- if hasPrefix "SASL" .kafka.securityProtocol }}
- { name: KAFKA_SASL_MECHANISM, value: {{ .kafka.saslMechanism | quote }} }
- name: CARELEDGER_KAFKA_PASSWORD
  valueFrom: { secretKeyRef: { name: {{ .secret }}, key: kafka-password } }
{{- $module := ternary "org.apache.kafka.common.security.plain.PlainLoginModule" "org.apache.kafka.common.security.scram.ScramLoginModule" (eq .kafka.saslMechanism "PLAIN") }}
- name: KAFKA_SASL_JAAS_CONFIG
  value: {{ printf "%s required username=\"%s\" password=\"${careledger.kafka.password}\";" $module .user | quote }}
{{- end }}
{{- if hasSuffix "SSL" .kafka.securityProtocol }}
- { name: KAFKA_SSL_TRUSTSTORE_TYPE, value: PEM }
- name: KAFKA_SSL_TRUSTSTORE_CERTIFICATES
  valueFrom: { configMapKeyRef: { name: {{ .kafka.caConfigMap }}, key: ca.pem } }
{{- end }}
{{- end -}}
