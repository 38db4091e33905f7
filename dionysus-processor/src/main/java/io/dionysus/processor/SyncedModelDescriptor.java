package io.dionysus.processor;

import com.palantir.javapoet.ClassName;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;

/**
 * A {@code @SyncedModel} class as scanned: its remote name, table and columns.
 *
 * @param element the class
 * @param mirror its {@code @SyncedModel}
 * @param modelClass its name
 * @param remoteName the remote {@code model_name}
 * @param table the table
 * @param members the columns, superclass fields first
 * @param roles the conventional member of each role ({@code syncedId}, {@code syncedData}, …), when present
 * @param unknownRoles roles renamed on the annotation to a member that does not exist
 * @param hasNoArgConstructor whether generated code can call {@code new Model()}
 */
record SyncedModelDescriptor(
        TypeElement element,
        AnnotationMirror mirror,
        ClassName modelClass,
        String remoteName,
        String table,
        List<SyncedMemberModel> members,
        Map<String, SyncedMemberModel> roles,
        List<String> unknownRoles,
        boolean hasNoArgConstructor) {

    static final String SYNCED_ID = "syncedId";
    static final String SYNCED_CREATED_AT = "syncedCreatedAt";
    static final String SYNCED_UPDATED_AT = "syncedUpdatedAt";
    static final String SYNCED_CANCELED_AT = "syncedCanceledAt";
    static final String SYNCED_DATA = "syncedData";
    static final List<String> ROLES = List.of(SYNCED_ID, SYNCED_CREATED_AT, SYNCED_UPDATED_AT, SYNCED_CANCELED_AT,
            SYNCED_DATA);

    /** {@code <Model>DionysusModelFactory}. */
    ClassName factoryClass() {
        return ClassName.get(modelClass.packageName(),
                String.join("_", modelClass.simpleNames()) + "DionysusModelFactory");
    }

    SyncedMemberModel role(String role) {
        return roles.get(role);
    }
}
